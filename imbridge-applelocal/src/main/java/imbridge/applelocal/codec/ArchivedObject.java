package imbridge.applelocal.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An object of the typedstream object graph before interpretation: its class and the typed-value groups its class
 * hierarchy wrote. Filled in while the reader walks the stream (its table slot exists before its content, so a
 * corrupt stream can make it refer to itself); read-only afterwards.
 */
final class ArchivedObject {
    private ArchivedClass archivedClass;
    private final List<List<Object>> groups = new ArrayList<>();

    ArchivedClass archivedClass() {
        return archivedClass;
    }

    String className() {
        return archivedClass == null ? "?" : archivedClass.name();
    }

    boolean isKindOf(String className) {
        return archivedClass != null && archivedClass.isKindOf(className);
    }

    /** All values of all groups in stream order (Foundation classes write one value per group or a few). */
    List<Object> values() {
        List<Object> values = new ArrayList<>();
        groups.forEach(values::addAll);
        return Collections.unmodifiableList(values);
    }

    void setArchivedClass(ArchivedClass archivedClass) {
        this.archivedClass = archivedClass;
    }

    void addGroup(List<Object> group) {
        groups.add(group);
    }

    @Override
    public String toString() {
        return "ArchivedObject[" + className() + ", " + groups.size() + " groups]";
    }
}
