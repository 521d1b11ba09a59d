package imbridge.core.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The fuzz harness catches what the properties rely on it to catch. */
class DecodeBoundTest {
    @Test
    void aValueAndTheDocumentedExceptionPass() {
        assertThat(DecodeBound.assertBounded(3, IOException.class, () -> "abc").value())
                .isEqualTo("abc");
        assertThat(DecodeBound.assertBounded(3, IOException.class, () -> {
                            throw new IOException("bad bytes");
                        })
                        .rejection())
                .hasMessage("bad bytes");
    }

    @Test
    void anyOtherThrowableFails() {
        assertThatThrownBy(() -> DecodeBound.assertBounded(3, IOException.class, () -> {
                    throw new IllegalStateException("bug");
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("IllegalStateException");
        assertThatThrownBy(() -> DecodeBound.assertBounded(3, IOException.class, DecodeBoundTest::recurse))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("StackOverflowError");
    }

    @Test
    void anAllocationTheInputCannotJustifyFails() {
        assertThatThrownBy(() -> DecodeBound.assertBounded(10, IOException.class, () -> new byte[64 << 20]))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("allocated");
    }

    @Test
    void aDecodeThatNeverEndsFailsAndLaterDecodesStillRun() {
        CountDownLatch never = new CountDownLatch(1);
        assertThatThrownBy(() -> DecodeBound.assertBounded(Duration.ofMillis(50), 1, IOException.class, () -> {
                    never.await();
                    return null;
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("hang");
        assertThat(DecodeBound.assertBounded(1, IOException.class, () -> 1).value())
                .isEqualTo(1);
    }

    private static int recurse() {
        return recurse() + 1;
    }
}
