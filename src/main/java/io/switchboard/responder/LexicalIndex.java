package io.switchboard.responder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The knowledge as words: one in-memory Lucene index per language, each analysed by that language's
 * analyzer (its stemmer and stop words), searched by BM25 over an article's title, topic, questions and
 * text. The embedding model the gateway ships is
 * English; for the other languages the words carry most of the retrieval (see {@link KnowledgeBase#hybrid}).
 */
final class LexicalIndex {

    private static final String ID = "id";
    private static final String TEXT = "text";

    /** A language's index and the analyzer it was built with. */
    private record Language(Analyzer analyzer, IndexSearcher searcher) {
    }

    /** An article found by its words, with its BM25 score. */
    record Hit(String articleId, double score) {
    }

    private final Map<String, Language> languages = new HashMap<>();

    LexicalIndex(List<KnowledgeBase.Article> articles) {
        var byLanguage = new HashMap<String, List<KnowledgeBase.Article>>();
        articles.forEach(a -> byLanguage.computeIfAbsent(a.language(), l -> new ArrayList<>()).add(a));
        byLanguage.forEach((language, own) -> {
            Analyzer analyzer = analyzer(language);
            var directory = new ByteBuffersDirectory();
            try (var writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
                for (KnowledgeBase.Article a : own) {
                    var doc = new Document();
                    doc.add(new StringField(ID, a.id(), Field.Store.YES));
                    doc.add(new TextField(TEXT, String.join("\n", a.title(), a.topic(), String.join("\n", a.questions()),
                            a.body()), Field.Store.NO));
                    writer.addDocument(doc);
                }
                writer.commit();
                languages.put(language, new Language(analyzer, new IndexSearcher(DirectoryReader.open(directory))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot index the knowledge in " + language, e);
            }
        });
    }

    /** The articles of {@code language} whose words match the text's best, best first; none in a language without articles. */
    List<Hit> search(String text, String language, int maxResults) {
        Language index = languages.get(language);
        if (index == null || text == null || text.isBlank()) {
            return List.of();
        }
        var query = new BooleanQuery.Builder();
        int terms = 0;
        try (TokenStream tokens = index.analyzer().tokenStream(TEXT, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && terms < BooleanQuery.getMaxClauseCount()) {
                query.add(new TermQuery(new Term(TEXT, term.toString())), BooleanClause.Occur.SHOULD);
                terms++;
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (terms == 0) {
            return List.of();
        }
        try {
            var hits = new ArrayList<Hit>();
            for (ScoreDoc doc : index.searcher().search(query.build(), maxResults).scoreDocs) {
                hits.add(new Hit(index.searcher().storedFields().document(doc.doc).get(ID), doc.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Analyzer analyzer(String language) {
        return switch (language) {
            case "en" -> new EnglishAnalyzer();
            case "es" -> new SpanishAnalyzer();
            case "fr" -> new FrenchAnalyzer();
            case "de" -> new GermanAnalyzer();
            default -> new StandardAnalyzer();
        };
    }
}
