package io.switchboard.channel.voice;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Counts, over a transcript's segments, those recorded and those already known (dropped by the
 * idempotent consumer as duplicates), for the webhook's answer.
 */
@Component("transcriptTally")
class TranscriptTally implements AggregationStrategy {

    static final String RECORDED = "switchboard-transcript-recorded";
    static final String DUPLICATES = "switchboard-transcript-duplicates";

    @Override
    public Exchange aggregate(Exchange total, Exchange segment) {
        boolean duplicate = Boolean.TRUE.equals(segment.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class));
        int recorded = total == null ? 0 : total.getMessage().getHeader(RECORDED, 0, Integer.class);
        int duplicates = total == null ? 0 : total.getMessage().getHeader(DUPLICATES, 0, Integer.class);
        Exchange into = total == null ? segment : total;
        into.getMessage().setHeader(RECORDED, recorded + (duplicate ? 0 : 1));
        into.getMessage().setHeader(DUPLICATES, duplicates + (duplicate ? 1 : 0));
        return into;
    }
}
