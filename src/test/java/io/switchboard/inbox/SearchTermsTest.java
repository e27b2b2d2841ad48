package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How text and what an agent types are cut into the same terms. */
class SearchTermsTest {

    @Test
    void aPhoneNumberIsOneTermHoweverItIsWritten() {
        assertThat(SearchTerms.ofText("call me on +1 415 555 0123 tonight")).contains("4155550123");
        assertThat(SearchTerms.ofText("+14155550123")).contains("4155550123", "14155550123");
        for (String typed : new String[] {"+1 415 555 0123", "(415) 555-0123", "4155550123", "+14155550123", "415.555.0123"}) {
            assertThat(SearchTerms.ofQuery(typed)).as(typed).containsExactly("4155550123");
        }
    }

    @Test
    void anEmailAddressIsOneTermInAnyCaseAndItsPartsAreWords() {
        assertThat(SearchTerms.ofText("Write to Alice@Example.com")).contains("alice@example.com", "alice", "example");
        assertThat(SearchTerms.ofQuery("ALICE@example.COM")).containsExactly("alice@example.com");
    }

    @Test
    void wordsAreFoldedAndTheEverydayOnesLeftOut() {
        assertThat(SearchTerms.ofText("The Kühlschrank in my kitchen is broken, please help"))
                .containsExactlyInAnyOrder("kuhlschrank", "kitchen", "broken", "help");
        assertThat(SearchTerms.ofQuery("the order A-4711 please")).containsExactlyInAnyOrder("order", "4711");
        assertThat(SearchTerms.ofQuery("the please")).isEmpty();
        assertThat(SearchTerms.ofText("a 7 b")).containsExactly("7");
    }
}
