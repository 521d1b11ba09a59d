package imbridge.applelocal.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An archived object of a class the codec does not interpret (and {@code NSNull}, which has no content): its class
 * name and the values its class hierarchy wrote, decoded to the same plain Java values as attribute values.
 */
public record OpaqueObject(String className, List<Object> contents) {
    public OpaqueObject {
        contents = Collections.unmodifiableList(new ArrayList<>(contents));
    }
}
