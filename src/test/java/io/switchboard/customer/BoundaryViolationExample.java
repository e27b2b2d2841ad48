package io.switchboard.customer;

import io.switchboard.channel.sms.SmsWebhook;

/** Not part of the gateway: a dependency this package must never have, for ModuleBoundariesTest to refuse. */
public class BoundaryViolationExample {

    SmsWebhook webhook;
}
