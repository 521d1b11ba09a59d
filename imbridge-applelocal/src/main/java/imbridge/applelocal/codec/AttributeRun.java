package imbridge.applelocal.codec;

import java.util.Map;

/**
 * One attribute run of an {@code NSAttributedString}: {@code length} UTF-16 code units from {@code start}, with the
 * run's attribute dictionary decoded to plain Java values: NSString → String, NSNumber → Long or Double, NSData →
 * byte[], NSArray/NSSet → List, NSDictionary → Map, NSURL → its URL String, NSDate → {@link java.time.Instant},
 * NSNull and other classes → {@link OpaqueObject}. Runs of one attribute set share one map instance.
 */
public record AttributeRun(int start, int length, Map<String, Object> attributes) {
    public AttributeRun {
        attributes = Map.copyOf(attributes);
    }

    public int end() {
        return start + length;
    }
}
