/**
 * The neutral envelope every connector produces and consumes, its headers, direction, attachment
 * references, threading hints and delivery receipts: the contract between channels and the core.
 * It imports nothing of the gateway; every package may use it.
 */
package io.switchboard.envelope;
