package org.spedbridge.ops;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** Registers sped-bridge's own MBeans on the platform MBean server (beside Camel's) and removes them at stop. */
public final class Jmx implements AutoCloseable {

    private final boolean enabled;
    private final List<ObjectName> registered = new ArrayList<>();

    public Jmx(boolean enabled) {
        this.enabled = enabled;
    }

    public synchronized <T> void register(String name, Class<T> type, T mbean) {
        if (!enabled) {
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName objectName = new ObjectName(name);
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(new StandardMBean(mbean, type), objectName);
            registered.add(objectName);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the MBean " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : registered) {
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            } catch (Exception ignored) {
                // already gone
            }
        }
        registered.clear();
    }
}
