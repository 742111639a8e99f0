package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report's formula guard: what a spreadsheet would run gets a leading apostrophe, a plain number does not. */
class ReportFilesTest {

    @Test
    void plainNumbersAreLeftAsTheyAre() {
        for (String number : new String[] {"-1", "-2.5", "0", "12", "3.75", "-100"}) {
            assertThat(ReportFiles.neutralise(number)).as(number).isEqualTo(number);
        }
    }

    @Test
    void textThatASpreadsheetWouldRunIsNeutralised() {
        for (String formula : new String[] {"=cmd", "=1+2", "+1", "+", "-cmd", "-1+2", "-2.5.1", "-1e3", "- 1", "-",
                "@SUM(A1)", "\tx", "\r=x", "-\t1"}) {
            assertThat(ReportFiles.neutralise(formula)).as(formula).isEqualTo("'" + formula);
        }
    }

    @Test
    void otherTextAndEmptyCellsAreUnchanged() {
        assertThat(ReportFiles.neutralise("O'Brien")).isEqualTo("O'Brien");
        assertThat(ReportFiles.neutralise("a=b")).isEqualTo("a=b");
        assertThat(ReportFiles.neutralise("")).isEmpty();
        assertThat(ReportFiles.neutralise(null)).isEmpty();
    }
}
