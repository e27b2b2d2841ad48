package io.switchboard.responder;

import org.springframework.stereotype.Component;

/** Placeholder until the trust layer lands. */
@Component
public class PersonalData {

    public String mask(String text) {
        return text;
    }
}
