/**
 * The conversation memory: one conversation per customer across every channel, its turns, its
 * lifecycle, and the Hazelcast entry processors that are the only way it changes. Hot turns and a
 * running summary live in Hazelcast; every turn is written through to the database, where older
 * ones are paged from.
 */
package io.switchboard.conversation;
