/**
 * The in-process embedding model the intent classifier and the knowledge retrieval share, loaded once
 * per process.
 */
package io.switchboard.embedding;
