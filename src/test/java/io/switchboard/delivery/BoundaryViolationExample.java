package io.switchboard.delivery;

import io.switchboard.channel.email.EmailComposer;

/** Not part of the gateway: a dependency this package must never have, for ModuleBoundariesTest to refuse. */
public class BoundaryViolationExample {

    EmailComposer composer;
}
