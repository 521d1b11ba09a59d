package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppleTimeTest {

    @Test
    void convertsNanosecondsSince2001ToUnixMillisecondsFlooring() {
        assertThat(AppleTime.toUnixMs(0)).isEqualTo(978_307_200_000L);
        assertThat(AppleTime.toUnixMs(999_999)).isEqualTo(978_307_200_000L);
        assertThat(AppleTime.toUnixMs(-1)).as("floor, not truncation").isEqualTo(978_307_199_999L);
        assertThat(AppleTime.toUnixMs(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE / 1_000_000 + 978_307_200_000L);
    }

    @Test
    void plausibleWindowIsFirstIphoneTo2100() {
        assertThat(AppleTime.isPlausible(1_700_000_000_000L)).isTrue();
        assertThat(AppleTime.isPlausible(AppleTime.EARLIEST_PLAUSIBLE_UNIX_MS)).isTrue();
        assertThat(AppleTime.isPlausible(AppleTime.EARLIEST_PLAUSIBLE_UNIX_MS - 1))
                .isFalse();
        assertThat(AppleTime.isPlausible(AppleTime.LATEST_PLAUSIBLE_UNIX_MS)).isFalse();
    }
}
