/**
 * The e-mail channel: the Java the {@code email-source} and {@code email-sink} connectors need
 * (reading MIME into an envelope, quarantine, composing replies that thread), the archive that keeps
 * every original for agents, and the embedded mail server of the default run.
 */
package io.switchboard.channel.email;
