package io.switchboard.channel.twilio;

import java.util.Map;

/** Told when Twilio's status callback reports on a call (ringing, in-progress, completed, ...). */
public interface CallStatusListener {

    void callStatus(String callSid, String status, Map<String, String> form);
}
