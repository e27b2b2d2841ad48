package io.switchboard.envelope;

/** Which way a message travels, seen from the contact center. */
public enum Direction {
    INBOUND,
    OUTBOUND
}
