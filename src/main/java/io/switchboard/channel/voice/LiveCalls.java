package io.switchboard.channel.voice;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.channel.twilio.CallStatusListener;
import io.switchboard.customer.Address;
import io.switchboard.customer.AddressNormalizer;
import io.switchboard.customer.InvalidAddressException;
import io.switchboard.delivery.Reachability;
import io.switchboard.privacy.DataSubject;
import io.switchboard.privacy.PersonalDataHolder;
import io.switchboard.privacy.SubjectArchive;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls in progress, cluster-wide, by the caller's address: a reply can be spoken only into a call
 * that is still going on, so an ended call makes the voice channel unreachable and replies go to a
 * written channel instead. Memory only (with a time-to-live): a call outlives no cluster restart. An
 * erased customer's call in progress is forgotten (nothing of it is exported: it holds only the number).
 */
@Component
class LiveCalls implements Reachability, CallStatusListener, PersonalDataHolder {

    static final String MAP = "voice-calls";
    private static final Set<String> ENDED = Set.of("completed", "busy", "failed", "no-answer", "canceled");
    private static final Logger log = LoggerFactory.getLogger(LiveCalls.class);

    private final IMap<String, Call> calls;
    private final AddressNormalizer addresses;

    LiveCalls(HazelcastInstance hazelcast, AddressNormalizer addresses) {
        this.calls = hazelcast.getMap(MAP);
        this.addresses = addresses;
    }

    /** A call in progress. */
    record Call(String callSid, String caller, Instant startedAt) {
    }

    @Override
    public String kind() {
        return "live-calls";
    }

    @Override
    public void export(DataSubject subject, SubjectArchive archive) {
        // the number and the call's id, both in the conversation's turns already
    }

    @Override
    public long erase(DataSubject subject) {
        return subject.addresses().stream().filter(a -> a.startsWith(VoiceChannel.ID + ":"))
                .filter(a -> calls.remove(a) != null).count();
    }

    void started(Address caller, String callSid, Instant at) {
        Call previous = calls.putIfAbsent(caller.toString(), new Call(callSid, caller.value(), at));
        if (previous != null && !previous.callSid().equals(callSid)) {
            calls.set(caller.toString(), new Call(callSid, caller.value(), at));
        }
    }

    Optional<Call> current(Address caller) {
        return Optional.ofNullable(calls.get(caller.toString()));
    }

    void ended(Address caller, String callSid) {
        calls.delete(caller.toString());
        log.info("call {} from {} ended", callSid, caller.masked());
    }

    @Override
    public Optional<String> unreachable(Address address, Map<String, String> message) {
        if (!VoiceChannel.ID.equals(address.channel()) || calls.containsKey(address.toString())) {
            return Optional.empty();
        }
        return Optional.of("the call has ended");
    }

    @Override
    public void callStatus(String callSid, String status, Map<String, String> form) {
        if (!ENDED.contains(status) || form.get("From") == null) {
            return;
        }
        try {
            Address caller = addresses.normalize(VoiceChannel.ID, form.get("From"));
            current(caller).filter(c -> c.callSid().equals(callSid)).ifPresent(c -> ended(caller, callSid));
        } catch (InvalidAddressException e) {
            log.debug("status of call {} from a number that is not one", callSid);
        }
    }
}
