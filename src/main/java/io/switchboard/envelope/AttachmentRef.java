package io.switchboard.envelope;

import java.util.Objects;

/**
 * An attachment by reference: the bytes live in a blob store (or at the provider), never in
 * the envelope or in Hazelcast.
 *
 * @param name      file name as the sender gave it
 * @param mediaType MIME type, e.g. {@code image/png}
 * @param size      size in bytes, or -1 when the provider does not say
 * @param ref       where the bytes are: a blob-store key or a provider URL
 */
public record AttachmentRef(String name, String mediaType, long size, String ref) {

    public AttachmentRef {
        Objects.requireNonNull(ref, "ref");
        name = name == null || name.isBlank() ? "attachment" : name;
        mediaType = mediaType == null || mediaType.isBlank() ? "application/octet-stream" : mediaType;
        if (size < -1) {
            throw new IllegalArgumentException("size must be >= -1");
        }
    }
}
