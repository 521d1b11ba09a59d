package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandleNormalizerTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "+15551234567|tel:+15551234567",
                "tel:+15551234567|tel:+15551234567",
                "15551234567|tel:+15551234567",
                "5551234567|tel:+15551234567",
                "tel:5551234567|tel:+15551234567",
                "(555) 123-4567|tel:+15551234567",
                "+447700900123|tel:+447700900123",
                "Alice.Smith@Example.com|mailto:alice.smith@example.com",
                "mailto:Alice.Smith@Example.com|mailto:alice.smith@example.com",
                "MAILTO:BOB@EXAMPLE.COM|mailto:bob@example.com",
                "  carol@example.com |mailto:carol@example.com",
                "12345|12345"
            })
    void normalisesPhonesAndEmails(String raw, String expected) {
        assertThat(HandleNormalizer.normalize(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"''", "'   '", "tel:", "mailto:"})
    void blankOrEmptyHandlesNormaliseToNothing(String raw) {
        assertThat(HandleNormalizer.normalize(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE,true",
        "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,true",
        "chat123456,false",
        "iMessage;-;+15551234567,false"
    })
    void recognisesUuids(String value, boolean uuid) {
        assertThat(HandleNormalizer.isUuid(value)).isEqualTo(uuid);
    }
}
