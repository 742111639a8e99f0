package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerUtils;
import org.quartz.impl.triggers.CronTriggerImpl;
import org.quartz.spi.OperableTrigger;
import org.spedbridge.config.Settings;

/**
 * The nightly schedule as application.properties ships it ({@code siras.import.cron} = {@code 0 0 4 ? * MON-FRI} in
 * {@code siras.import.time-zone} = America/Los_Angeles), computed by Quartz's own CronTrigger as the
 * {@code quartz} endpoint builds it: 04:00 Los Angeles time on both sides of both DST changes, never on a weekend.
 */
class ImportScheduleTest {

    private static final Settings SHIPPED = Settings.load(null, Map.of(), new Properties());
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    private static OperableTrigger nightly() {
        return (OperableTrigger) TriggerBuilder.newTrigger().withIdentity("siras-import", "sped-bridge")
                .startAt(Date.from(Instant.parse("2020-01-01T00:00:00Z")))
                .withSchedule(CronScheduleBuilder.cronSchedule(SHIPPED.get("siras.import.cron"))
                        .inTimeZone(TimeZone.getTimeZone(SHIPPED.get("siras.import.time-zone"))))
                .build();
    }

    /** The fires from the start of {@code from} to the start of {@code to} (Los Angeles days). */
    private static List<ZonedDateTime> fires(LocalDate from, LocalDate to) {
        List<Date> fires = TriggerUtils.computeFireTimesBetween(nightly(), null,
                Date.from(from.atStartOfDay(LA).toInstant()), Date.from(to.atStartOfDay(LA).toInstant()));
        return fires.stream().map(d -> d.toInstant().atZone(LA)).toList();
    }

    @Test
    void theShippedSettingsAreTheOnesTested() {
        assertThat(SHIPPED.get("siras.import.cron")).isEqualTo("0 0 4 ? * MON-FRI");
        assertThat(SHIPPED.get("siras.import.time-zone")).isEqualTo("America/Los_Angeles");
        assertThat(((CronTriggerImpl) nightly()).getTimeZone().getID()).isEqualTo("America/Los_Angeles");
    }

    @Test
    void springForwardKeepsFourInTheMorningAndSkipsTheWeekend() {
        // 2026-03-08 (Sunday) 02:00 PST -> 03:00 PDT
        List<ZonedDateTime> fires = fires(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 11));
        assertThat(fires).extracting(ZonedDateTime::toLocalDate).containsExactly(LocalDate.of(2026, 3, 5),
                LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 10));
        assertThat(fires).allSatisfy(f -> assertThat(f.toLocalTime()).isEqualTo(LocalTime.of(4, 0)));
        // the same wall-clock time is a different instant: UTC-8 before, UTC-7 after
        assertThat(fires.get(1).toInstant()).isEqualTo(Instant.parse("2026-03-06T12:00:00Z"));
        assertThat(fires.get(2).toInstant()).isEqualTo(Instant.parse("2026-03-09T11:00:00Z"));
    }

    @Test
    void fallBackKeepsFourInTheMorningAndSkipsTheWeekend() {
        // 2026-11-01 (Sunday) 02:00 PDT -> 01:00 PST
        List<ZonedDateTime> fires = fires(LocalDate.of(2026, 10, 29), LocalDate.of(2026, 11, 4));
        assertThat(fires).extracting(ZonedDateTime::toLocalDate).containsExactly(LocalDate.of(2026, 10, 29),
                LocalDate.of(2026, 10, 30), LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3));
        assertThat(fires).allSatisfy(f -> assertThat(f.toLocalTime()).isEqualTo(LocalTime.of(4, 0)));
        assertThat(fires.get(1).toInstant()).isEqualTo(Instant.parse("2026-10-30T11:00:00Z"));
        assertThat(fires.get(2).toInstant()).isEqualTo(Instant.parse("2026-11-02T12:00:00Z"));
    }

    @Test
    void aWholeYearFiresOnEveryWeekdayAtFourAndOnNoWeekendDay() {
        List<ZonedDateTime> fires = fires(LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1));
        long weekdays = LocalDate.of(2026, 1, 1).datesUntil(LocalDate.of(2027, 1, 1))
                .filter(d -> d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY).count();
        assertThat(fires).hasSize((int) weekdays).doesNotHaveDuplicates();
        assertThat(fires).allSatisfy(f -> {
            assertThat(f.toLocalTime()).isEqualTo(LocalTime.of(4, 0));
            assertThat(f.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        });
    }

    @Test
    void theNextFireAfterAFridayRunIsMonday() {
        OperableTrigger trigger = nightly();
        Date friday = Date.from(ZonedDateTime.of(2026, 11, 6, 4, 0, 0, 0, LA).toInstant());
        assertThat(trigger.getFireTimeAfter(friday).toInstant().atZone(LA))
                .isEqualTo(ZonedDateTime.of(2026, 11, 9, 4, 0, 0, 0, LA));
    }
}
