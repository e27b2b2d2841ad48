package io.switchboard.responder;

import io.switchboard.inbox.AiDrafts;

/** Not part of the gateway: a dependency this package must never have, for ModuleBoundariesTest to refuse. */
public class BoundaryViolationExample {

    AiDrafts drafts;
}
