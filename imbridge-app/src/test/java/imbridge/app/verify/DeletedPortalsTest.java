package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 3's rules: rooms of portals deleted on the Apple side, rejected records and the simulator's counters. */
class DeletedPortalsTest {

    private static final List<RejectedRecord> REJECTED = List.of(
            new RejectedRecord("messageManateeZone", "a1", "MISSING_FIELD:guid"),
            new RejectedRecord("chatManateeZone", "c1", "WRONG_TYPE:stl"));

    @Test
    void aDeletedPortalsRoomTheUserLeftIsDeletedAndNotCounted() {
        for (String gone : List.of("leave", "ban")) {
            Scenario s = Scenario.small();
            s.room(Scenario.GROUP).ownerMembership = gone;

            VerificationReport report = s.compare(s.withDeleted(Scenario.GROUP, REJECTED));

            assertThat(report.deletedRooms()).as(gone).isEqualTo(1);
            assertThat(report.unexpected()).isZero();
            assertThat(report.ok()).isTrue();
            assertThat(report.delivered()).isEqualTo(new Counts(1, 6));
            assertThat(report.portals()).extracting(PortalRow::portalId).containsExactly(Scenario.DM);
        }
    }

    @Test
    void aDeletedPortalsRoomTheUserStillSeesMakesEveryMessageUnexpected() {
        for (String visible : new String[] {"join", "invite", null}) {
            Scenario s = Scenario.small();
            s.room(Scenario.GROUP).ownerMembership = visible;

            VerificationReport report = s.compare(s.withDeleted(Scenario.GROUP, REJECTED));

            assertThat(report.deletedRooms()).as(visible).isZero();
            assertThat(report.unexpected()).isEqualTo(5);
            assertThat(report.missing() + report.duplicates() + report.outOfOrder() + report.mismatched())
                    .isZero();
            assertThat(report.ok()).isFalse();
            assertThat(report.portals())
                    .filteredOn(r -> Scenario.GROUP.equals(r.portalId()))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.expected()).isZero();
                        assertThat(row.delivered()).isEqualTo(5);
                        assertThat(row.unexpected()).isEqualTo(5);
                    });
            assertThat(report.samples()).allSatisfy(sample -> {
                assertThat(sample.problem()).isEqualTo(Problem.UNEXPECTED);
                assertThat(sample.detail()).contains("deleted on the Apple side");
            });
        }
    }

    @Test
    void aSecondRoomOfADeletedPortalIsJudgedOnItsOwn() {
        Scenario s = Scenario.small();
        s.room(Scenario.GROUP).ownerMembership = "leave";
        Scenario.Room again = s.addRoom("!again:localhost", Scenario.GROUP);
        again.ownerMembership = "join";
        again.events.add(
                s.eventFor(Scenario.GROUP, s.truth.portals().get(1).parts().getFirst()));

        VerificationReport report = s.compare(s.withDeleted(Scenario.GROUP, List.of()));

        assertThat(report.deletedRooms()).isEqualTo(1);
        assertThat(report.unexpected()).isEqualTo(1);
        assertThat(report.samples())
                .singleElement()
                .satisfies(sample -> assertThat(sample.roomId()).isEqualTo("!again:localhost"));
    }

    @Test
    void membershipDoesNotMatterForPortalsThatWereNotDeleted() {
        Scenario s = Scenario.small();
        s.room(Scenario.GROUP).ownerMembership = "leave";

        VerificationReport report = s.compare();

        assertThat(report.ok()).isTrue();
        assertThat(report.deletedRooms()).isZero();
        assertThat(report.delivered()).isEqualTo(new Counts(2, 11));
    }

    @Test
    void rejectedRecordsAreReportedWithTheirReasonsAndCount() {
        Scenario s = Scenario.small();
        s.room(Scenario.GROUP).ownerMembership = "ban";

        VerificationReport report = s.compare(s.withDeleted(Scenario.GROUP, REJECTED));

        assertThat(report.rejected()).isEqualTo(REJECTED);
        assertThat(report.rejectedCount()).isEqualTo(2);
        assertThat(report.ok()).isTrue();
    }

    @Test
    void anyRecoverableZoneAccessFailsTheRun() {
        VerificationReport report = Scenario.small().compare();
        SimulatorStats clean = new SimulatorStats(40, 0, Map.of("messageManateeZone", 3L), Map.of(), Map.of());
        SimulatorStats touched = new SimulatorStats(40, 2, Map.of(), Map.of(), Map.of());

        assertThat(report.recoverableZoneAccesses()).isZero();
        assertThat(report.withSimulator(clean).ok()).isTrue();
        assertThat(report.withSimulator(touched).ok()).isFalse();
        assertThat(report.withSimulator(touched).recoverableZoneAccesses()).isEqualTo(2);
        assertThat(report.withSimulator(touched).withElapsedMs(5).simulator()).isEqualTo(touched);
    }
}
