package org.spedbridge.sped.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ChangeHold;

/** The siras.import.hold.* settings: defaults in application.properties, blank or off turns a check off. */
class HoldThresholdsTest {

    private static Double threshold(String value) {
        Properties p = new Properties();
        p.setProperty(HoldCheck.NOT_IN_FILE, value);
        return HoldCheck.threshold(Settings.load(null, Map.of(), p), HoldCheck.NOT_IN_FILE);
    }

    @Test
    void defaultsAreInApplicationProperties() {
        Settings defaults = Settings.load(null, Map.of(), new Properties());
        assertThat(HoldCheck.threshold(defaults, HoldCheck.NOT_IN_FILE)).isEqualTo(5.0);
        assertThat(HoldCheck.threshold(defaults, HoldCheck.SERVICES_REMOVED)).isEqualTo(20.0);
        assertThat(HoldCheck.threshold(defaults, HoldCheck.ROWS_DROP)).isEqualTo(10.0);
    }

    @Test
    void blankOrOffTurnsACheckOffAndNonsenseIsRefused() {
        assertThat(threshold("")).isNull();
        assertThat(threshold("off")).isNull();
        assertThat(threshold("OFF")).isNull();
        assertThat(threshold("2.5")).isEqualTo(2.5);
        assertThatThrownBy(() -> threshold("five")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HoldCheck.NOT_IN_FILE).hasMessageContaining("off");
        assertThatThrownBy(() -> threshold("120")).isInstanceOf(ConfigException.class);
    }

    @Test
    void aShareOverItsThresholdHoldsAtItDoesNot() {
        assertThat(new ChangeHold.Measure("x", "k", 1, 20, 5.0).over()).isFalse();      // 5 %: at
        assertThat(new ChangeHold.Measure("x", "k", 2, 20, 5.0).over()).isTrue();       // 10 %
        assertThat(new ChangeHold.Measure("x", "k", 20, 20, null).over()).isFalse();    // off
        assertThat(new ChangeHold.Measure("x", "k", 0, 0, 0.0).over()).isFalse();       // nothing current
        ChangeHold over = new ChangeHold(java.util.List.of(new ChangeHold.Measure("x", "k", 2, 20, 5.0)), false);
        assertThat(over.holds()).isTrue();
        assertThat(new ChangeHold(over.measures(), true).holds()).as("first import").isFalse();
        assertThat(ChangeHold.percentText(22.5)).isEqualTo("22.5");
        assertThat(ChangeHold.percentText(15)).isEqualTo("15");
    }
}
