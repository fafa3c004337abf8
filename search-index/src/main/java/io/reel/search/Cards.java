package io.reel.search;

import io.reel.domain.title.TitleMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * What lists and rows show of a title (its card and first names of its cast), kept in doc values
 * beside the stored fields: reading a card then costs a seek, not the decompression of a block of
 * stored documents with their synopses. People's names are doc values too, for suggestions.
 */
final class Cards {

  static final String CARD = "card";
  static final String MEDIA = "card_media";
  static final String CAST_NAMES = "cast_names";
  static final int CAST_ON_CARD = 5;

  /** A card and the first names of the cast. */
  record Full(TitleSearch.Card card, List<String> cast) {}

  /**
   * A title's packaged media as its card shows it: the poster's key in the origin store (null when
   * the package has none).
   */
  record Media(String posterKey) {

    BytesRef encoded() {
      ByteBuffersDataOutput out = new ByteBuffersDataOutput();
      out.writeByte((byte) 1);
      out.writeString(posterKey == null ? "" : posterKey);
      return new BytesRef(out.toArrayCopy());
    }
  }

  /** What a title without packaged media holds in {@link #MEDIA}: every title document has one. */
  static final BytesRef NO_MEDIA = new BytesRef(new byte[] {0});

  private Cards() {}

  static void add(Document d, String id, TitleMetadata m, java.util.Optional<Media> media) {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    try {
      out.writeString(id);
      out.writeString(m.title());
      out.writeVInt(m.year());
      out.writeString(m.maturityRating().label());
      out.writeVInt(m.genres().size());
      for (String g : m.genres()) {
        out.writeString(g);
      }
      List<String> cast = m.cast().subList(0, Math.min(CAST_ON_CARD, m.cast().size()));
      out.writeVInt(cast.size());
      for (String c : cast) {
        out.writeString(c);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // in memory
    }
    d.add(new BinaryDocValuesField(CARD, new BytesRef(out.toArrayCopy())));
    d.add(new BinaryDocValuesField(MEDIA, media.map(Media::encoded).orElse(NO_MEDIA)));
    for (String name : m.cast()) {
      d.add(new SortedSetDocValuesField(CAST_NAMES, new BytesRef(name)));
    }
  }

  /** The cards of {@code docs}, in their order. */
  static List<Full> read(IndexSearcher searcher, int[] docs) throws IOException {
    return perDoc(
        searcher,
        docs,
        leaf -> {
          BinaryDocValues values = leaf.getBinaryDocValues(CARD);
          BinaryDocValues media = leaf.getBinaryDocValues(MEDIA);
          return doc -> {
            if (values == null || !values.advanceExact(doc)) {
              throw new IOException("a title document has no card");
            }
            boolean packaged = false;
            boolean poster = false;
            if (media != null && media.advanceExact(doc)) {
              BytesRef m = media.binaryValue();
              ByteArrayDataInput in = new ByteArrayDataInput(m.bytes, m.offset, m.length);
              packaged = in.readByte() == 1;
              poster = packaged && !in.readString().isEmpty();
            }
            return decode(values.binaryValue(), packaged, poster);
          };
        });
  }

  /** Every cast name of each of {@code docs}, in their order. */
  static List<List<String>> castNames(IndexSearcher searcher, int[] docs) throws IOException {
    return perDoc(
        searcher,
        docs,
        leaf -> {
          SortedSetDocValues values = leaf.getSortedSetDocValues(CAST_NAMES);
          return doc -> {
            List<String> names = new ArrayList<>();
            if (values != null && values.advanceExact(doc)) {
              for (int k = 0; k < values.docValueCount(); k++) {
                names.add(values.lookupOrd(values.nextOrd()).utf8ToString());
              }
            }
            return names;
          };
        });
  }

  private interface PerLeaf<T> {
    PerDoc<T> open(LeafReader leaf) throws IOException;
  }

  private interface PerDoc<T> {
    T read(int leafDoc) throws IOException;
  }

  /** Reads each doc with a reader per segment, in doc order (doc values only go forward). */
  private static <T> List<T> perDoc(IndexSearcher searcher, int[] docs, PerLeaf<T> perLeaf)
      throws IOException {
    List<T> out = new ArrayList<>(Collections.nCopies(docs.length, null));
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < docs.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int current = -1;
    PerDoc<T> reader = null;
    for (int i : order) {
      int leaf = ReaderUtil.subIndex(docs[i], leaves);
      if (leaf != current) {
        current = leaf;
        reader = perLeaf.open(leaves.get(leaf).reader());
      }
      out.set(i, reader.read(docs[i] - leaves.get(leaf).docBase));
    }
    return out;
  }

  /** The API path of a title's poster (served from the origin store by the read side). */
  static String posterPath(String id) {
    return "/catalog/titles/" + id + "/poster";
  }

  private static Full decode(BytesRef bytes, boolean playable, boolean poster) throws IOException {
    ByteArrayDataInput in = new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length);
    String id = in.readString();
    String title = in.readString();
    int year = in.readVInt();
    String rating = in.readString();
    List<String> genres = new ArrayList<>();
    for (int n = in.readVInt(); n > 0; n--) {
      genres.add(in.readString());
    }
    List<String> cast = new ArrayList<>();
    for (int n = in.readVInt(); n > 0; n--) {
      cast.add(in.readString());
    }
    return new Full(
        new TitleSearch.Card(
            id, title, year, rating, List.copyOf(genres), poster ? posterPath(id) : null, playable),
        List.copyOf(cast));
  }
}
