package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The service codes: known as Integer.parseInt reads them; a code that is no number is simply unknown. */
class SpedCodesTest {

    @Test
    void serviceCodesAreReadAsParseIntReadsThem() {
        assertThat(SpedCodes.isKnownService("330")).isTrue();
        assertThat(SpedCodes.isKnownService("0330")).isTrue();
        assertThat(SpedCodes.isKnownService("+330")).isTrue();
        assertThat(SpedCodes.isKnownService("\u0663\u0663\u0660")).as("Arabic-Indic digits").isTrue();
        assertThat(SpedCodes.isKnownService("331")).isFalse();
        assertThat(SpedCodes.isKnownService("-330")).isFalse();
        assertThat(SpedCodes.isKnownService("A10")).isFalse();
        assertThat(SpedCodes.isKnownService("33O")).isFalse();
        assertThat(SpedCodes.isKnownService("+")).isFalse();
        assertThat(SpedCodes.isKnownService("-")).isFalse();
        assertThat(SpedCodes.isKnownService("")).isFalse();
        assertThat(SpedCodes.isKnownService("99999999999")).as("out of int's range").isFalse();
    }
}
