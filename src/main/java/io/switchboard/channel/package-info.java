/**
 * The envelope every connector produces and consumes, and what all channels share: the catalog of
 * installed connectors and the Camel header names that travel with an envelope.
 */
package io.switchboard.channel;
