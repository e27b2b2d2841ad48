package io.switchboard.channel.email;

import io.switchboard.system.SharedSecrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The id a mail is archived and served under: a keyed hash (HMAC-SHA256) of its Message-ID, so the
 * same mail polled twice gets the same id on every instance, while nobody who knows a Message-ID
 * (the sender, anyone on the thread) can work out the id of the archived mail.
 */
class MailIds {

    private final byte[] key;

    MailIds(SharedSecrets secrets) {
        this.key = Base64.getDecoder().decode(secrets.getOrCreate("email.mail-id-key"));
    }

    String of(String messageId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            ByteBuffer hash = ByteBuffer.wrap(mac.doFinal((EmailIntake.CHANNEL + ":" + messageId)
                    .getBytes(StandardCharsets.UTF_8)));
            return new UUID(hash.getLong(), hash.getLong()).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
