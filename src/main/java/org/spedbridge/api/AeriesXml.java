package org.spedbridge.api;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Aeries' XML form of the same objects (ASP.NET Web API's data-contract XML, which Aeries serves for
 * {@code Accept: text/xml}): one element per property named as the JSON property, a list of objects as
 * {@code ArrayOf<Object>} holding one {@code <Object>} element each, a null as {@code <Name i:nil="true"/>}
 * (Aeries, "Building a Request"), booleans {@code true}/{@code false}, a list of strings as
 * {@code <d2p1:string>} items in the serialization-arrays namespace, as the data-contract serializer writes
 * them. Aeries' documentation shows no XML answer, so the element names of the objects (the view names,
 * e.g. {@code ArrayOfStudent}) are ours and no default namespace is declared (see README).
 */
final class AeriesXml {

    static final String NIL_NS = "http://www.w3.org/2001/XMLSchema-instance";
    static final String ARRAYS_NS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final XMLStreamWriter xml;

    AeriesXml(OutputStream out) {
        try {
            this.xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The list element of a view: {@code ArrayOfStudent}. */
    static String arrayElement(AeriesViews.View view) {
        return "ArrayOf" + view.element();
    }

    /** One object (systeminfo, one school) as a whole document. */
    static byte[] document(AeriesViews.View view, Map<String, Object> row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        AeriesXml x = new AeriesXml(out);
        x.startDocument(view.element());
        x.properties(view, row);
        x.endDocument();
        return out.toByteArray();
    }

    /** A whole list, for one that is short enough to send at once. */
    static byte[] document(AeriesViews.View view, List<Map<String, Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        AeriesXml x = new AeriesXml(out);
        x.startDocument(arrayElement(view));
        for (Map<String, Object> row : rows) {
            x.object(view, row);
        }
        x.endDocument();
        return out.toByteArray();
    }

    void startDocument(String root) {
        try {
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement(root);
            xml.writeNamespace("i", NIL_NS);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    void endDocument() {
        try {
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    void flush() {
        try {
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <Student>...</Student>}. */
    @SuppressWarnings("unchecked")
    void object(AeriesViews.View view, Map<String, Object> row) {
        try {
            xml.writeStartElement(view.element());
            properties(view, row);
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void properties(AeriesViews.View view, Map<String, Object> row) {
        try {
            for (AeriesViews.Property p : view.properties()) {
                Object v = row.get(p.name());
                if (v == null) {
                    xml.writeEmptyElement(p.name());
                    xml.writeAttribute("i", NIL_NS, "nil", "true");
                } else if (p.kind() == AeriesViews.Kind.OBJECT_LIST) {
                    xml.writeStartElement(p.name());
                    for (Object item : (List<?>) v) {
                        object(p.items(), (Map<String, Object>) item);
                    }
                    xml.writeEndElement();
                } else if (p.kind() == AeriesViews.Kind.TEXT_LIST) {
                    xml.writeStartElement(p.name());
                    xml.writeNamespace("d2p1", ARRAYS_NS);
                    for (Object item : (List<?>) v) {
                        xml.writeStartElement("d2p1", "string", ARRAYS_NS);
                        xml.writeCharacters(text(item));
                        xml.writeEndElement();
                    }
                    xml.writeEndElement();
                } else {
                    xml.writeStartElement(p.name());
                    xml.writeCharacters(text(v));
                    xml.writeEndElement();
                }
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value's text; characters XML 1.0 cannot carry (control characters) become U+FFFD. */
    static String text(Object v) {
        String s = v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
        for (int i = 0; i < s.length(); i++) {
            if (!allowed(s.charAt(i))) {
                StringBuilder b = new StringBuilder(s.length());
                for (int j = 0; j < s.length(); j++) {
                    char c = s.charAt(j);
                    b.append(allowed(c) ? c : '\uFFFD');
                }
                return b.toString();
            }
        }
        return s;
    }

    private static boolean allowed(char c) {
        return c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == 0x9 || c == 0xA || c == 0xD;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
