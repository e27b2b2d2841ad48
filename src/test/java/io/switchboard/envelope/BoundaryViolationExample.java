package io.switchboard.envelope;

import io.switchboard.conversation.Turn;

/** Not part of the gateway: a dependency this package must never have, for ModuleBoundariesTest to refuse. */
public class BoundaryViolationExample {

    Turn turn;
}
