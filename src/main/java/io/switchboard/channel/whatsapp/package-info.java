/**
 * WhatsApp through Twilio, built with the same pieces as SMS: Twilio's signed messaging webhook in,
 * the Twilio SDK out with {@code whatsapp:} addresses, and WhatsApp's customer-service window.
 */
package io.switchboard.channel.whatsapp;
