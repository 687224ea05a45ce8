package io.github.gpt2sentiment.tokenization;

/**
 * Where the padding goes when a batch's sequences have different lengths. GPT-2 attends causally, so the side
 * matters: classification reads the last real token and pads on the right; generation continues every prompt from
 * the same final position and pads on the left.
 */
public enum Padding {
    /** Real tokens first, then {@code <|endoftext|>} padding: for classification and training. */
    RIGHT,
    /** Padding first, then real tokens ending at the last column: for prompts that are continued. */
    LEFT
}
