package io.reel.recommend;

/**
 * One recommended title. Scores order a row and are comparable within one answer only.
 *
 * @param item the title's id
 * @param score higher first; ties are broken by item id
 * @param reason what the row can say about it
 */
public record Pick(String item, double score, Reason reason) {}
