package imbridge.app.corpus;

import java.nio.file.Path;

/** Feeds a corpus case to one real surface of the bridge and reports what it did. */
interface SurfaceDriver {
    /** @param work an empty folder of the case's own */
    Outcome run(CorpusCase c, Path work) throws Exception;
}
