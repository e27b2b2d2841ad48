package io.switchboard.routing;

import io.switchboard.inbox.QueueDirectory;

/** Not part of the gateway: a dependency this package must never have, for ModuleBoundariesTest to refuse. */
public class BoundaryViolationExample {

    QueueDirectory queues;
}
