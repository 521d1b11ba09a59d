package imbridge.applelocal.codec;

/**
 * A class as a typedstream records it: name, version and superclass (null for a root class). Built only after a
 * whole chain was read, so a chain can never refer to itself.
 */
record ArchivedClass(String name, long version, ArchivedClass superclass) {

    /** Whether this class or one of its superclasses is called {@code className}. */
    boolean isKindOf(String className) {
        for (ArchivedClass c = this; c != null; c = c.superclass()) {
            if (c.name().equals(className)) {
                return true;
            }
        }
        return false;
    }

    int depth() {
        int depth = 0;
        for (ArchivedClass c = this; c != null; c = c.superclass()) {
            depth++;
        }
        return depth;
    }
}
