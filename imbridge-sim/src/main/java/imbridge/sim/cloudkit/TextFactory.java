package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Message bodies: short chat lines, emoji, non-Latin scripts, multi-line and long texts, links, and a few
 * with leading or trailing spaces and newlines. Never blank.
 */
final class TextFactory {

    private static final String[] WORDS = {
        "hey",
        "ok",
        "sure",
        "lunch",
        "tomorrow",
        "tonight",
        "meeting",
        "call",
        "me",
        "you",
        "we",
        "they",
        "the",
        "a",
        "is",
        "are",
        "was",
        "going",
        "to",
        "at",
        "on",
        "in",
        "for",
        "with",
        "coffee",
        "dinner",
        "train",
        "late",
        "early",
        "sorry",
        "thanks",
        "great",
        "awesome",
        "weird",
        "funny",
        "photo",
        "video",
        "link",
        "weekend",
        "monday",
        "friday",
        "park",
        "beach",
        "movie",
        "book",
        "game",
        "score",
        "dog",
        "cat",
        "kids",
        "school",
        "work",
        "home",
        "office",
        "car",
        "parking",
        "traffic",
        "rain",
        "sun",
        "snow",
        "birthday",
        "party",
        "gift",
        "cake",
        "pizza",
        "tacos",
        "sushi",
        "yes",
        "no",
        "maybe",
        "soon",
        "later",
        "now",
        "again",
        "almost",
        "there",
        "here",
        "see",
        "know",
        "think",
        "love",
        "miss",
        "need"
    };
    private static final String[] EMOJI = {
        "😀",
        "😂",
        "❤️",
        "👍",
        "🎉",
        "🙏",
        "🔥",
        "😅",
        "🤔",
        "👀",
        "🥳",
        "😢",
        "🍕",
        "☕",
        "🚗",
        "🏖️",
        "👨‍👩‍👧‍👦",
        "🇺🇸",
        "✨",
        "💯",
        "🤷🏽‍♀️",
        "👍🏿"
    };
    private static final String[] PHRASES = {
        "Ça va ? On se voit à 18h.",
        "¿Dónde estás?",
        "Grüße aus München!",
        "Привет! Как дела?",
        "今日は寒いですね",
        "你好，明天见",
        "مرحبا، كيف حالك؟",
        "שלום חבר",
        "नमस्ते 🙏",
        "Ok 👌",
        "lol",
        "k",
        "Sounds good!",
        "Can you call me?",
        "On my way 🚗",
        "🎉🎉🎉",
        "Ünïcödé ✓ naïve café",
        "Tschüss 👋",
        "Καλημέρα",
        "안녕하세요",
        "Happy birthday!!! 🎂🥳",
        "brb",
        "?",
        "!!!",
        "Zażółć gęślą jaźń"
    };
    private static final String[] PUNCTUATION = {".", "!", "?", "", "", "..."};
    private static final String[] PADDING = {" ", "  ", "\n", " \n", "\n\n"};

    private TextFactory() {}

    static String next(SplitMix64 rnd) {
        double p = rnd.nextDouble();
        String text;
        if (p < 0.25) {
            text = rnd.pick(PHRASES);
        } else if (p < 0.30) {
            text = multiLine(rnd);
        } else if (p < 0.32) {
            text = sentence(rnd, 30, 90);
        } else if (p < 0.34) {
            text = "look at this https://example.org/" + rnd.pick(WORDS) + "/" + rnd.nextInt(100_000);
        } else {
            text = sentence(rnd, 1, 14);
        }
        if (rnd.chance(0.03)) {
            text = rnd.pick(PADDING) + text + rnd.pick(PADDING);
        }
        return text;
    }

    private static String sentence(SplitMix64 rnd, int minWords, int maxWords) {
        int words = rnd.nextInt(minWords, maxWords);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String word = rnd.pick(WORDS);
            if (i == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            } else {
                out.append(' ');
            }
            out.append(word);
        }
        out.append(rnd.pick(PUNCTUATION));
        if (rnd.chance(0.2)) {
            out.append(' ').append(rnd.pick(EMOJI));
        }
        return out.toString();
    }

    private static String multiLine(SplitMix64 rnd) {
        int lines = rnd.nextInt(2, 4);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            parts.add(rnd.chance(0.3) ? rnd.pick(PHRASES) : sentence(rnd, 1, 10));
        }
        return String.join(rnd.chance(0.2) ? "\n\n" : "\n", parts);
    }

    /** A subject line (iMessage's optional "subject" field). */
    static String subject(SplitMix64 rnd) {
        return sentence(rnd, 1, 5);
    }
}
