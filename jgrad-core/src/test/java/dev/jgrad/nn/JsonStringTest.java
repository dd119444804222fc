package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonStringTest {

    @Test
    void escapesQuotesBackslashesControlCharactersAndUnpairedSurrogatesOnly() {
        assertEquals("\"\"", Json.string(""));
        assertEquals("\"a\\\"b\\\\c\"", Json.string("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\u0000\\u001f\"", Json.string("\n\r\t\u0000\u001f"));
        assertEquals("\"é/€ \u007f\"", Json.string("é/€ \u007f"));
        assertEquals("\"\ud83d\ude00\\ud800x\\udc00\"", Json.string("\ud83d\ude00\ud800x\udc00"));
    }

    @Test
    void readsBackAsTheSameText() throws Json.SyntaxError {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x300; c++) {
            every.append(c);
        }
        String text = every.append("\ud83d\ude00").toString();
        assertEquals(text, Json.parse(Json.string(text)));
    }
}
