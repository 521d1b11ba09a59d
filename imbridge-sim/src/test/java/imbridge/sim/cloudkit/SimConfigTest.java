package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimConfigTest {

    @Test
    void defaultsAreTheBasicProfileWithoutFaults() {
        SimConfig config = SimConfig.defaults(7, 30, 20_000);

        assertThat(config.profile()).isEqualTo(SimProfile.BASIC);
        assertThat(config.faults()).isEmpty();
        assertThat(config.faultRate()).isEqualTo(0.05);
        assertThat(config.lateAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.clock()).isEqualTo(Clock.systemUTC());
        assertThat(config.injects(FaultFamily.CLOUDKIT)).isFalse();
    }

    @Test
    void withersChangeOneSettingAndKeepTheRest() {
        SimConfig config = SimConfig.defaults(7, 3, 30)
                .withApiToken("t")
                .withProfile(SimProfile.FULL)
                .withFaults(Set.of(FaultFamily.CLOUDKIT))
                .withFaultRate(0.2)
                .withLateAfter(Duration.ofMillis(10))
                .withMaxResultsLimit(50)
                .withPort(0);

        assertThat(config.apiToken()).isEqualTo("t");
        assertThat(config.profile()).isEqualTo(SimProfile.FULL);
        assertThat(config.injects(FaultFamily.CLOUDKIT)).isTrue();
        assertThat(config.faultRate()).isEqualTo(0.2);
        assertThat(config.lateAfter()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.maxResultsLimit()).isEqualTo(50);
    }

    @Test
    void profilesAndFaultFamiliesParseFromCommandLineWords() {
        assertThat(SimProfile.parse("full")).isEqualTo(SimProfile.FULL);
        assertThat(SimProfile.parse(" Basic ")).isEqualTo(SimProfile.BASIC);
        assertThat(FaultFamily.parseSet("none")).isEmpty();
        assertThat(FaultFamily.parseSet("cloudkit")).containsExactly(FaultFamily.CLOUDKIT);
        assertThat(FaultFamily.parseSet("CloudKit, none")).containsExactly(FaultFamily.CLOUDKIT);
        assertThat(FaultFamily.format(Set.of())).isEqualTo("none");
        assertThat(FaultFamily.format(Set.of(FaultFamily.CLOUDKIT))).isEqualTo("cloudkit");
        assertThatThrownBy(() -> SimProfile.parse("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("huge")
                .hasMessageContaining("basic")
                .hasMessageContaining("full");
        assertThatThrownBy(() -> FaultFamily.parseSet("cloudkit,disk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disk")
                .hasMessageContaining("cloudkit");
        assertThatThrownBy(() -> FaultFamily.parseSet(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badSettingsAreRefusedWithTheirValue() {
        SimConfig config = SimConfig.defaults(7, 3, 30);

        assertThatThrownBy(() -> config.withFaultRate(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> config.withFaultRate(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> config.withLateAfter(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> config.withProfile(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> config.withClock(null)).isInstanceOf(NullPointerException.class);
    }
}
