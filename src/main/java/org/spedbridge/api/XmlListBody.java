package org.spedbridge.api;

import java.util.Iterator;
import java.util.Map;

/** A list answer as Aeries' XML ({@code <ArrayOfStudent>...}), written while it is sent ({@link ListBody}). */
public final class XmlListBody extends ListBody {

    private final AeriesViews.View view;
    private final AeriesXml xml;

    public XmlListBody(Iterator<?> rows, AeriesViews.View view, int bufferBytes) {
        super(rows, bufferBytes);
        this.view = view;
        this.xml = new AeriesXml(buffer());
    }

    @Override
    protected void writeStart() {
        xml.startDocument(AeriesXml.arrayElement(view));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void writeRow(Object row) {
        xml.object(view, (Map<String, Object>) row);
    }

    @Override
    protected void writeEnd() {
        xml.endDocument();
    }

    @Override
    protected void flush() {
        xml.flush();
    }
}
