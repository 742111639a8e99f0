package org.spedbridge.ops;

/** JMX view of the API keys: {@code org.spedbridge:type=ApiKeys}. Never the key or its hash. */
public interface ApiKeysMBean {

    /** One line per key: id, name, areas, state, requests served, last use. */
    String[] getKeys();

    int getActiveKeyCount();

    long getRequestsTotal();

    /** Requests recorded in the audit log for one key id (every instance's requests: it reads the shared database). */
    long requestCount(long keyId);
}
