/**
 * How the gateway is put together: configuration, security, the Hazelcast member and the JDBC
 * stores behind its maps, the audit log, where routes and connectors are loaded from, and how
 * errors reach API clients.
 */
package io.switchboard.system;
