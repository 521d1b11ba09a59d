package imbridge.core.sync;

import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;

@FunctionalInterface
interface PageFetcher<T> {
    ZonePage<T> fetch(String syncToken) throws CloudSourceException;
}
