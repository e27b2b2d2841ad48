/**
 * Voice through Twilio: the call webhook answering TwiML (greeting, speech {@code <Gather>}, transfer
 * to a person), the calls in progress, the sink that speaks a reply into a live call, and voice
 * transcripts posted by other systems.
 */
package io.switchboard.channel.voice;
