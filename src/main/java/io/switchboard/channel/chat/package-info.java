/**
 * The web chat channel: the widget page at {@code /chat/}, its WebSocket at {@code /chat/ws},
 * signed visitor tokens that resume a conversation, and live delivery of replies to whichever
 * instance holds the visitor's socket.
 */
package io.switchboard.channel.chat;
