package io.switchboard.conversation;

import io.switchboard.channel.chat.ChatProperties;
import io.switchboard.inbox.QueueDirectory;
import io.switchboard.responder.Responder;

/** Not part of the gateway: a dependency this package must never have, for ModuleBoundariesTest to refuse. */
public class BoundaryViolationExample {

    ChatProperties chat;
    QueueDirectory queues;
    Responder responder;
}
