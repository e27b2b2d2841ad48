/**
 * Proactive messages: a notification the company starts ("your order ships tomorrow") goes to the
 * customer on the channel they prefer among those their consent allows for its purpose, outside
 * their quiet hours, once, through the outbox, as a turn of their conversation (so their answer
 * joins it).
 */
package io.switchboard.notification;
