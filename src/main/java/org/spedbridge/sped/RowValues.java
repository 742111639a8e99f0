package org.spedbridge.sped;

import java.time.LocalDate;

/**
 * The checked values of one row of a SIRAS file, by field of its {@link SirasLayout}: text, a date, a
 * number of minutes, or null when the cell was empty (or the file has no such column).
 */
public final class RowValues {

    private final SirasLayout layout;
    private final String[] raw;
    private final Object[] values;

    RowValues(SirasLayout layout, String[] raw, Object[] values) {
        this.layout = layout;
        this.raw = raw;
        this.values = values;
    }

    public SirasLayout layout() {
        return layout;
    }

    /** The value of a field of this row's layout (String, LocalDate or Integer by its kind; null when empty). */
    public Object value(Field field) {
        if (layout.fields().get(field.index()) != field) {
            throw new IllegalArgumentException(field.name() + " is not a field of the " + layout.file().key()
                    + " file's layout");
        }
        return values[field.index()];
    }

    public String text(Field field) {
        return (String) value(field);
    }

    /** The trimmed cell as read ("" when empty or absent). */
    String raw(String name) {
        Field f = layout.fieldOrNull(name);
        return f == null ? "" : raw[f.index()];
    }

    String text(String name) {
        return (String) valueOf(name);
    }

    LocalDate date(String name) {
        return (LocalDate) valueOf(name);
    }

    Integer minutes(String name) {
        return (Integer) valueOf(name);
    }

    private Object valueOf(String name) {
        Field f = layout.fieldOrNull(name);
        return f == null ? null : values[f.index()];
    }
}
