package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The digit-by-digit date reader agrees with the strict formatters of the three accepted forms. */
class RowValidatorDatesTest {

    private static final List<DateTimeFormatter> STRICT = List.of(
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("MM/dd/uuuu").withResolverStyle(ResolverStyle.STRICT));

    private static LocalDate strict(String value) {
        for (DateTimeFormatter f : STRICT) {
            try {
                return LocalDate.parse(value, f);
            } catch (DateTimeParseException e) {
                // next
            }
        }
        return null;
    }

    @Provide
    Arbitrary<String> dateLike() {
        Arbitrary<String> y = Arbitraries.integers().between(1900, 2100).map(i -> String.format("%04d", i));
        Arbitrary<String> m = Arbitraries.integers().between(0, 13).map(i -> String.format("%02d", i));
        Arbitrary<String> d = Arbitraries.integers().between(0, 32).map(i -> String.format("%02d", i));
        Arbitrary<String> sep = Arbitraries.of("", "-", "/", ".", " ");
        Arbitrary<String> ymd = net.jqwik.api.Combinators.combine(y, m, d, sep).as((a, b, c, s) -> a + s + b + s + c);
        Arbitrary<String> mdy = net.jqwik.api.Combinators.combine(y, m, d, sep).as((a, b, c, s) -> b + s + c + s + a);
        Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789-/ x").ofMinLength(0).ofMaxLength(11);
        return Arbitraries.oneOf(ymd, mdy, noise);
    }

    @Property(tries = 3000)
    void agreesWithTheStrictFormatters(@ForAll("dateLike") String value) {
        assertThat(RowValidator.parseDate(value)).as(value).isEqualTo(strict(value));
    }

    @Property(tries = 10)
    void knownValues(@ForAll("dateLike") String ignored) {
        assertThat(RowValidator.parseDate("20240229")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(RowValidator.parseDate("20230229")).isNull();
        assertThat(RowValidator.parseDate("2015-02-30")).isNull();
        assertThat(RowValidator.parseDate("04/05/2014")).isEqualTo(LocalDate.of(2014, 4, 5));
        assertThat(RowValidator.parseDate("4/5/2014")).isNull();
    }
}
