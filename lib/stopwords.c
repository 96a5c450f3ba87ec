/* Stopword lists, sorted by byte value so that lookup is a binary search.
 * Generated from hand-written lists; keep each array sorted and unique
 * (tests/unit/test-lang.c checks it). */

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <precis/hash.h>

#include "stopwords.h"

static const char *const stopwords_english[] = {
        "a", "about", "above", "after", "again", "against", "all", "also",
        "although", "am", "an", "and", "any", "are", "aren't", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both",
        "but", "by", "can", "can't", "cannot", "could", "couldn't", "d", "did",
        "didn't", "do", "does", "doesn't", "doing", "don", "don't", "down",
        "during", "each", "few", "for", "from", "further", "had", "hadn't",
        "has", "hasn't", "have", "haven't", "having", "he", "he'd", "he'll",
        "he's", "her", "here", "here's", "hers", "herself", "him", "himself",
        "his", "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in",
        "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let's",
        "ll", "m", "may", "me", "might", "more", "most", "must", "mustn't",
        "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
        "only", "or", "other", "ought", "our", "ours", "ourselves", "out",
        "over", "own", "per", "re", "s", "same", "shall", "shan't", "she",
        "she'd", "she'll", "she's", "should", "shouldn't", "since", "so",
        "some", "such", "t", "than", "that", "that's", "the", "their",
        "theirs", "them", "themselves", "then", "there", "there's", "these",
        "they", "they'd", "they'll", "they're", "they've", "this", "those",
        "though", "through", "to", "too", "under", "unless", "until", "up",
        "upon", "ve", "very", "via", "was", "wasn't", "we", "we'd", "we'll",
        "we're", "we've", "were", "weren't", "what", "what's", "when",
        "when's", "where", "where's", "whether", "which", "while", "who",
        "who's", "whom", "whose", "why", "why's", "will", "with", "won't",
        "would", "wouldn't", "yet", "you", "you'd", "you'll", "you're",
        "you've", "your", "yours", "yourself", "yourselves",
};

static const char *const stopwords_german[] = {
        "ab", "aber", "alle", "allem", "allen", "aller", "alles", "als",
        "also", "am", "an", "ander", "andere", "anderem", "anderen", "anderer",
        "anderes", "anderm", "andern", "anders", "auch", "auf", "aus", "bei",
        "beim", "bereits", "bin", "bis", "bist", "da", "damit", "dann", "das",
        "dass", "dasselbe", "dazu", "daß", "dein", "deine", "deinem", "deinen",
        "deiner", "deines", "dem", "demselben", "den", "denn", "denselben",
        "der", "derer", "derselbe", "derselben", "des", "desselben", "dessen",
        "dich", "die", "dies", "diese", "dieselbe", "dieselben", "diesem",
        "diesen", "dieser", "dieses", "dir", "doch", "dort", "du", "durch",
        "ein", "eine", "einem", "einen", "einer", "eines", "einig", "einige",
        "einigem", "einigen", "einiger", "einiges", "einmal", "er", "es",
        "etwas", "euch", "euer", "eure", "eurem", "euren", "eurer", "eures",
        "für", "gegen", "gewesen", "hab", "habe", "haben", "hat", "hatte",
        "hatten", "hier", "hin", "hinter", "ich", "ihm", "ihn", "ihnen", "ihr",
        "ihre", "ihrem", "ihren", "ihrer", "ihres", "im", "in", "indem", "ins",
        "ist", "jede", "jedem", "jeden", "jeder", "jedes", "jene", "jenem",
        "jenen", "jener", "jenes", "jetzt", "kann", "kein", "keine", "keinem",
        "keinen", "keiner", "keines", "konnte", "können", "könnte", "man",
        "manche", "manchem", "manchen", "mancher", "manches", "mehr", "mein",
        "meine", "meinem", "meinen", "meiner", "meines", "mich", "mir", "mit",
        "muss", "musste", "müssen", "nach", "nicht", "nichts", "noch", "nun",
        "nur", "ob", "oder", "ohne", "schon", "sehr", "sei", "seien", "sein",
        "seine", "seinem", "seinen", "seiner", "seines", "seit", "selbst",
        "sich", "sie", "sind", "so", "solche", "solchem", "solchen", "solcher",
        "solches", "soll", "sollen", "sollte", "sondern", "sonst", "sowie",
        "um", "und", "uns", "unser", "unsere", "unserem", "unseren", "unserer",
        "unseres", "unter", "viel", "vom", "von", "vor", "war", "waren",
        "warst", "was", "weg", "weil", "weiter", "welche", "welchem",
        "welchen", "welcher", "welches", "wenn", "werde", "werden", "wie",
        "wieder", "will", "wir", "wird", "wirst", "wo", "wollen", "wollte",
        "worden", "wurde", "wurden", "während", "würde", "würden", "zu", "zum",
        "zur", "zwar", "zwischen", "über",
};

static const char *const stopwords_french[] = {
        "a", "ai", "aie", "aient", "aies", "ainsi", "ait", "alors", "après",
        "as", "au", "aura", "aurai", "auraient", "aurais", "aurait", "auras",
        "aurez", "auriez", "aurions", "aurons", "auront", "aussi", "autre",
        "autres", "aux", "avaient", "avais", "avait", "avant", "avec", "avez",
        "aviez", "avions", "avoir", "avons", "ayant", "ayante", "ayantes",
        "ayants", "ayez", "ayons", "bien", "c", "car", "ce", "ceci", "cela",
        "celle", "celles", "celui", "cependant", "ces", "cet", "cette", "ceux",
        "chez", "comme", "contre", "d", "dans", "de", "depuis", "des", "donc",
        "dont", "du", "dès", "déjà", "elle", "elles", "en", "encore", "entre",
        "es", "est", "et", "eu", "eue", "eues", "eurent", "eus", "eusse",
        "eussent", "eusses", "eussiez", "eussions", "eut", "eux", "eûmes",
        "eût", "eûtes", "furent", "fus", "fusse", "fussent", "fusses",
        "fussiez", "fussions", "fut", "fûmes", "fût", "fûtes", "ici", "il",
        "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs", "lors",
        "lorsque", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "même",
        "mêmes", "n", "ne", "ni", "non", "nos", "notre", "nous", "on", "ont",
        "or", "ou", "où", "par", "parce", "pas", "pendant", "peu", "peut",
        "peuvent", "plus", "pour", "puis", "qu", "quand", "que", "quel",
        "quelle", "quelles", "quels", "qui", "s", "sa", "sans", "se", "selon",
        "sera", "serai", "seraient", "serais", "serait", "seras", "serez",
        "seriez", "serions", "serons", "seront", "ses", "si", "soient", "sois",
        "soit", "sommes", "son", "sont", "sous", "soyez", "soyons", "suis",
        "sur", "t", "ta", "te", "tes", "toi", "ton", "tous", "tout", "toute",
        "toutes", "très", "tu", "un", "une", "vers", "vos", "votre", "vous",
        "y", "à", "étaient", "étais", "était", "étant", "étante", "étantes",
        "étants", "étiez", "étions", "été", "étée", "étées", "étés", "êtes",
        "être",
};

static const char *const stopwords_spanish[] = {
        "a", "ahora", "al", "algo", "algunas", "algunos", "allí", "ante",
        "antes", "aquel", "aquella", "aquellas", "aquellos", "aquí", "así",
        "aunque", "bien", "cada", "como", "con", "contra", "cual", "cuando",
        "cuya", "cuyo", "cuál", "cuándo", "cómo", "de", "del", "desde",
        "donde", "durante", "dónde", "e", "el", "ella", "ellas", "ellos", "en",
        "entonces", "entre", "era", "eran", "eras", "eres", "es", "esa",
        "esas", "ese", "eso", "esos", "esta", "estaba", "estaban", "estado",
        "estamos", "estando", "estar", "estará", "estarán", "estaré",
        "estaría", "estarían", "estas", "este", "estemos", "esto", "estos",
        "estoy", "estuve", "estuviera", "estuvieron", "estuvimos", "estuvo",
        "está", "estábamos", "estáis", "están", "estás", "esté", "estén",
        "estés", "fue", "fuera", "fueran", "fueron", "fui", "fuimos", "ha",
        "haber", "habido", "habiendo", "habrá", "habrán", "habría", "habrían",
        "habéis", "había", "habíamos", "habían", "hacia", "han", "has",
        "hasta", "hay", "haya", "hayan", "he", "hemos", "hubiera", "hubieron",
        "hubo", "la", "las", "le", "les", "lo", "los", "luego", "me", "mi",
        "mientras", "mis", "misma", "mismas", "mismo", "mismos", "mucho",
        "muchos", "muy", "más", "mí", "mía", "mías", "mío", "míos", "nada",
        "ni", "no", "nos", "nosotras", "nosotros", "nuestra", "nuestras",
        "nuestro", "nuestros", "o", "os", "otra", "otras", "otro", "otros",
        "para", "pero", "poco", "por", "porque", "puede", "pueden", "que",
        "quien", "quienes", "quién", "qué", "se", "sea", "sean", "según",
        "ser", "será", "serán", "sería", "serían", "sido", "siendo", "sin",
        "sino", "sobre", "sois", "somos", "son", "soy", "su", "sus", "suya",
        "suyas", "suyo", "suyos", "sí", "también", "tan", "tanto", "te",
        "tendrá", "tendría", "tenemos", "tener", "tenga", "tengan", "tengo",
        "tenido", "teniendo", "tenía", "tenían", "ti", "tiene", "tienen",
        "tienes", "toda", "todas", "todo", "todos", "tras", "tu", "tus",
        "tuve", "tuvieron", "tuvo", "tuya", "tuyas", "tuyo", "tuyos", "tú",
        "u", "un", "una", "uno", "unos", "vosotras", "vosotros", "vuestra",
        "vuestras", "vuestro", "vuestros", "y", "ya", "yo", "él", "éramos",
};

static const char *const stopwords_italian[] = {
        "a", "abbia", "abbiamo", "abbiano", "ad", "agli", "ai", "al", "all",
        "alla", "alle", "allo", "anche", "ancora", "avendo", "avere", "avesse",
        "avete", "aveva", "avevano", "avevo", "avranno", "avrebbe",
        "avrebbero", "avrà", "avuta", "avute", "avuti", "avuto", "c", "che",
        "chi", "ci", "cioè", "coi", "col", "come", "con", "contro", "così",
        "cui", "da", "dagli", "dai", "dal", "dall", "dalla", "dalle", "dallo",
        "degli", "dei", "del", "dell", "della", "delle", "dello", "di", "dopo",
        "dov", "dove", "e", "ebbe", "ed", "era", "erano", "ero", "essendo",
        "essere", "fa", "fanno", "fosse", "fossero", "fra", "fu", "furono",
        "già", "gli", "ha", "hai", "hanno", "ho", "i", "il", "in", "io", "l",
        "la", "le", "lei", "li", "lo", "loro", "lui", "là", "lì", "ma",
        "mentre", "mi", "mia", "mie", "miei", "mio", "molto", "ne", "negli",
        "nei", "nel", "nell", "nella", "nelle", "nello", "noi", "non",
        "nostra", "nostre", "nostri", "nostro", "né", "o", "oppure", "per",
        "perché", "però", "più", "poi", "possono", "prima", "può", "qua",
        "quale", "quali", "quando", "quanta", "quante", "quanti", "quanto",
        "quei", "quel", "quella", "quelle", "quelli", "quello", "questa",
        "queste", "questi", "questo", "qui", "saranno", "sarebbe", "sarebbero",
        "sarà", "se", "sei", "sempre", "senza", "si", "sia", "siamo", "siano",
        "siete", "solo", "sono", "sopra", "sotto", "sta", "stanno", "stata",
        "state", "stati", "stato", "stava", "stavano", "su", "sua", "sue",
        "sugli", "sui", "sul", "sull", "sulla", "sulle", "sullo", "suo",
        "suoi", "ti", "tra", "tu", "tua", "tue", "tuo", "tuoi", "tutta",
        "tutte", "tutti", "tutto", "un", "una", "uno", "verso", "vi", "voi",
        "vostra", "vostre", "vostri", "vostro", "è",
};

static const char *const stopwords_portuguese[] = {
        "a", "ainda", "ali", "antes", "ao", "aos", "apenas", "após", "aquela",
        "aquelas", "aquele", "aqueles", "aqui", "aquilo", "as", "assim", "até",
        "bem", "cada", "com", "como", "contra", "da", "das", "de", "dela",
        "delas", "dele", "deles", "depois", "desde", "do", "dos", "durante",
        "e", "ela", "elas", "ele", "eles", "em", "entre", "então", "era",
        "eram", "essa", "essas", "esse", "esses", "esta", "estamos", "estar",
        "estas", "estava", "estavam", "este", "esteja", "estejam", "estes",
        "esteve", "estive", "estivemos", "estiver", "estiveram", "estivesse",
        "estou", "está", "estávamos", "estão", "eu", "foi", "fomos", "for",
        "fora", "foram", "forem", "fosse", "fossem", "fui", "haja", "hajam",
        "houve", "houver", "houveram", "houvesse", "há", "isso", "isto", "já",
        "lhe", "lhes", "lá", "mais", "mas", "me", "mesma", "mesmo", "meu",
        "meus", "minha", "minhas", "muito", "na", "nas", "nem", "no", "nos",
        "nossa", "nossas", "nosso", "nossos", "num", "numa", "não", "nós", "o",
        "onde", "os", "ou", "outra", "outras", "outro", "outros", "para",
        "pela", "pelas", "pelo", "pelos", "pode", "podem", "pois", "por",
        "porque", "qual", "quando", "quanto", "que", "quem", "se", "seja",
        "sejam", "sem", "ser", "seria", "seriam", "será", "serão", "seu",
        "seus", "sido", "sob", "sobre", "somos", "sou", "sua", "suas", "são",
        "só", "também", "tanto", "te", "tem", "temos", "tenha", "tenham",
        "tenho", "ter", "teria", "teriam", "terá", "terão", "teu", "teus",
        "teve", "tido", "tinha", "tinham", "tive", "tivemos", "tiver",
        "tiveram", "tivesse", "toda", "todas", "todo", "todos", "tu", "tua",
        "tuas", "tão", "têm", "tínhamos", "um", "uma", "você", "vocês", "vos",
        "à", "às", "é", "éramos",
};

static const char *const stopwords_dutch[] = {
        "aan", "achter", "af", "al", "alle", "alleen", "alles", "als",
        "altijd", "andere", "ben", "bent", "bij", "binnen", "boven", "buiten",
        "daar", "daarna", "daarom", "dan", "dat", "de", "der", "deze",
        "dezelfde", "die", "dit", "doch", "doen", "door", "dus", "echter",
        "een", "eens", "elke", "en", "enkele", "er", "erg", "even", "ge",
        "geen", "geweest", "haar", "had", "hadden", "heb", "hebben", "hebt",
        "heeft", "heel", "hem", "hen", "het", "hetzelfde", "hier", "hij",
        "hoe", "hun", "ieder", "iedere", "iemand", "iets", "ik", "in",
        "indien", "is", "ja", "je", "jij", "jouw", "jullie", "kan", "kon",
        "konden", "kunnen", "maar", "mag", "me", "meer", "men", "met", "mij",
        "mijn", "moet", "moeten", "mogen", "na", "naar", "naast", "nadat",
        "niet", "niets", "nog", "nu", "of", "om", "omdat", "onder", "ons",
        "onze", "ook", "op", "over", "per", "reeds", "sinds", "sommige", "te",
        "tegen", "tenzij", "terwijl", "tijdens", "toch", "toe", "toen", "tot",
        "totdat", "tussen", "u", "uit", "uw", "van", "veel", "via", "voor",
        "voordat", "waar", "waarom", "wanneer", "want", "waren", "was", "wat",
        "we", "weinig", "wel", "welk", "welke", "werd", "werden", "wezen",
        "wie", "wij", "wil", "worden", "wordt", "zal", "ze", "zeer", "zelf",
        "zich", "zij", "zijn", "zo", "zoals", "zonder", "zou", "zouden",
        "zullen",
};

static const char *const stopwords_swedish[] = {
        "alla", "allt", "alltså", "att", "av", "bara", "blev", "bli", "blir",
        "blivit", "de", "dem", "den", "denna", "deras", "dess", "dessa", "det",
        "detta", "dig", "din", "dina", "ditt", "dock", "du", "där", "då",
        "efter", "eftersom", "ej", "eller", "en", "enligt", "er", "era", "ert",
        "ett", "fick", "från", "får", "för", "genom", "ha", "hade", "han",
        "hans", "har", "henne", "hennes", "hon", "honom", "hos", "hur", "här",
        "i", "icke", "ingen", "innan", "inom", "inte", "jag", "ju", "kan",
        "kunde", "man", "med", "medan", "mellan", "men", "mer", "mig", "min",
        "mina", "mitt", "mot", "mycket", "måste", "ni", "nu", "när", "någon",
        "något", "några", "och", "också", "om", "oss", "på", "redan", "samma",
        "sedan", "sig", "sin", "sina", "själv", "ska", "skall", "skulle",
        "som", "så", "sådan", "sådana", "sådant", "till", "under", "upp", "ut",
        "utan", "vad", "var", "vara", "varför", "varit", "varje", "vars",
        "vart", "vem", "vi", "vid", "vilka", "vilken", "vilket", "vår", "våra",
        "vårt", "än", "är", "även", "åt", "över",
};

static const char *const stopwords_danish[] = {
        "ad", "af", "alle", "allerede", "alt", "anden", "andet", "andre", "at",
        "bare", "blev", "blive", "bliver", "både", "da", "de", "dem", "den",
        "denne", "der", "deres", "det", "dette", "dig", "din", "disse", "dog",
        "du", "efter", "eller", "en", "end", "endnu", "enten", "er", "et",
        "fik", "for", "fordi", "fra", "får", "gennem", "ham", "han", "hans",
        "har", "havde", "have", "heller", "hende", "hendes", "her", "hos",
        "hun", "hvad", "hvem", "hvilke", "hvilken", "hvilket", "hvis", "hvor",
        "hvordan", "hvorfor", "i", "igen", "ikke", "ind", "ingen", "intet",
        "jeg", "jer", "jeres", "jo", "kan", "kunne", "ligesom", "man", "mange",
        "med", "meget", "mellem", "men", "mens", "mig", "min", "mine", "mit",
        "mod", "må", "ned", "nogen", "noget", "nogle", "nu", "når", "og",
        "også", "om", "op", "os", "over", "på", "samme", "selv", "siden",
        "sig", "sin", "sine", "sit", "skal", "skulle", "som", "så", "sådan",
        "thi", "til", "ud", "uden", "under", "var", "vi", "vil", "ville",
        "vor", "vores", "være", "været",
};

static const char *const stopwords_norwegian[] = {
        "alle", "at", "av", "bare", "begge", "ble", "blei", "bli", "blir",
        "blitt", "både", "da", "de", "deg", "deira", "dem", "den", "denne",
        "der", "dere", "deres", "det", "dette", "din", "disse", "ditt", "du",
        "dykk", "dykkar", "eg", "eller", "en", "enn", "er", "et", "ett",
        "etter", "for", "fordi", "fra", "før", "ha", "hadde", "han", "hans",
        "har", "henne", "hennes", "her", "hjå", "ho", "hun", "hva", "hvem",
        "hver", "hvilke", "hvilken", "hvis", "hvor", "hvordan", "hvorfor", "i",
        "ikke", "ikkje", "ingen", "inn", "ja", "jeg", "kan", "kom", "korleis",
        "kun", "kunne", "kva", "kvar", "kven", "kvifor", "man", "mange", "med",
        "medan", "meg", "meget", "mellom", "men", "min", "mitt", "mot",
        "mykje", "ned", "noe", "noen", "noko", "nokon", "nå", "når", "og",
        "også", "om", "opp", "oss", "over", "på", "samme", "seg", "selv",
        "sidan", "siden", "sin", "sine", "sitt", "sjøl", "skal", "skulle",
        "slik", "som", "så", "sånn", "til", "ut", "uten", "var", "ved", "vere",
        "vi", "vil", "ville", "vore", "vår", "våre", "vårt", "være", "vært",
        "å",
};

static const char *const stopwords_finnish[] = {
        "ei", "eivät", "emme", "en", "et", "ette", "että", "he", "heidän",
        "heidät", "heihin", "heille", "heillä", "heiltä", "heissä", "heistä",
        "heitä", "hän", "häneen", "hänelle", "hänellä", "häneltä", "hänen",
        "hänessä", "hänestä", "hänet", "häntä", "itse", "ja", "johon",
        "joiden", "joihin", "joiksi", "joilla", "joille", "joilta", "joina",
        "joissa", "joista", "joita", "joka", "joksi", "jolla", "jolle",
        "jolta", "jona", "jonka", "jos", "jossa", "josta", "jota", "jotka",
        "kanssa", "keiden", "keihin", "keiksi", "keille", "keillä", "keiltä",
        "keinä", "keissä", "keistä", "keitä", "keneen", "keneksi", "kenelle",
        "kenellä", "keneltä", "kenen", "kenenä", "kenessä", "kenestä", "kenet",
        "ketkä", "ketä", "koska", "kuin", "kuka", "kun", "me", "meidän",
        "meidät", "meihin", "meille", "meillä", "meiltä", "meissä", "meistä",
        "meitä", "mihin", "miksi", "mikä", "mille", "millä", "miltä", "minkä",
        "minua", "minulla", "minulle", "minulta", "minun", "minussa",
        "minusta", "minut", "minuun", "minä", "missä", "mistä", "mitkä",
        "mitä", "mukaan", "mutta", "myös", "ne", "niiden", "niihin", "niiksi",
        "niille", "niillä", "niiltä", "niin", "niinä", "niissä", "niistä",
        "niitä", "noiden", "noihin", "noiksi", "noilla", "noille", "noilta",
        "noin", "noina", "noissa", "noista", "noita", "nuo", "nyt", "näiden",
        "näihin", "näiksi", "näille", "näillä", "näiltä", "näinä", "näissä",
        "näistä", "näitä", "nämä", "ole", "olemme", "olen", "olet", "olette",
        "oli", "olimme", "olin", "olisi", "olisimme", "olisin", "olisit",
        "olisitte", "olisivat", "olit", "olitte", "olivat", "olla", "olleet",
        "ollut", "on", "ovat", "poikki", "se", "sekä", "sen", "siihen",
        "siinä", "siitä", "siksi", "sille", "sillä", "siltä", "sinua",
        "sinulla", "sinulle", "sinulta", "sinun", "sinussa", "sinusta",
        "sinut", "sinuun", "sinä", "sitä", "tai", "te", "teidän", "teidät",
        "teihin", "teille", "teillä", "teiltä", "teissä", "teistä", "teitä",
        "tuo", "tuohon", "tuoksi", "tuolla", "tuolle", "tuolta", "tuon",
        "tuona", "tuossa", "tuosta", "tuota", "tähän", "täksi", "tälle",
        "tällä", "tältä", "tämä", "tämän", "tänä", "tässä", "tästä", "tätä",
        "vaan", "vai", "vaikka", "yli",
};

static const char *const stopwords_russian[] = {
        "а", "без", "более", "больше", "будет", "будто", "будут", "бы", "был",
        "была", "были", "было", "быть", "в", "вам", "вас", "вдруг", "ведь",
        "во", "вот", "впрочем", "все", "всегда", "всего", "всех", "всю", "вы",
        "где", "да", "даже", "два", "для", "до", "другой", "его", "ее", "ей",
        "ему", "если", "есть", "еще", "ещё", "её", "ж", "же", "за", "зачем",
        "здесь", "и", "из", "или", "им", "иногда", "их", "к", "как", "какая",
        "какой", "когда", "конечно", "которая", "которого", "которое",
        "которой", "которые", "который", "которых", "кто", "куда", "ли",
        "лучше", "между", "меня", "мне", "много", "может", "можно", "мой",
        "моя", "мы", "на", "над", "надо", "наконец", "нас", "не", "него",
        "нее", "ней", "нельзя", "нет", "неё", "ни", "нибудь", "никогда", "ним",
        "них", "ничего", "но", "ну", "о", "об", "один", "он", "она", "они",
        "оно", "опять", "от", "перед", "по", "под", "после", "потом", "потому",
        "почти", "при", "про", "раз", "разве", "с", "сам", "своего", "своей",
        "своих", "свой", "свою", "себе", "себя", "сейчас", "со", "совсем",
        "так", "также", "такой", "там", "тебя", "тем", "теперь", "то", "тогда",
        "того", "тоже", "только", "том", "тот", "три", "тут", "ты", "у", "уж",
        "уже", "хорошо", "хоть", "чего", "чем", "через", "что", "чтоб",
        "чтобы", "чуть", "эти", "это", "этого", "этой", "этом", "этот", "эту",
        "я",
};

static const char *const stopwords_hindi[] = {
        "अपना", "अपनी", "अपने", "अब", "आप", "इन", "इस", "इसकी", "इसके", "उन",
        "उनकी", "उनके", "उस", "उसकी", "उसके", "एक", "एवं", "और", "कर", "करते",
        "करने", "कहा", "का", "कि", "किया", "किसी", "की", "कुछ", "के", "को",
        "कोई", "क्योंकि", "गई", "गए", "गया", "जब", "जा", "जो", "तक", "तथा",
        "तुम", "तो", "था", "थी", "थे", "द्वारा", "नहीं", "ने", "पर", "परंतु",
        "बाद", "भी", "में", "मैं", "यह", "यहां", "या", "रहा", "रही", "रहे",
        "लिए", "लेकिन", "वह", "वहां", "वे", "सकता", "सकते", "सभी", "साथ", "से",
        "हम", "ही", "हुआ", "हुई", "हुए", "है", "हैं", "हो", "होता", "होती",
        "होने",
};

static const char *const stopwords_nepali[] = {
        "अघि", "अझै", "अनि", "अब", "अरू", "आफ्नो", "उनको", "उनले", "उनी", "का",
        "की", "कुनै", "केही", "को", "गरी", "गरे", "गरेका", "गरेको", "गर्न",
        "छ", "छन्", "छैन", "जुन", "तथा", "तपाईं", "तर", "तल", "ती", "त्यस",
        "त्यो", "थिए", "थियो", "देखि", "धेरै", "पछि", "पनि", "बाट", "बाहिर",
        "भए", "भएका", "भएको", "भने", "भन्ने", "भित्र", "म", "मा", "माथि",
        "मेरो", "यस", "यी", "यो", "र", "रहेको", "लाई", "लागि", "ले", "वा",
        "सँग", "संग", "सबै", "हामी", "हुने", "हो",
};

const struct precis__stopwords precis__stopword_lists[] = {
        { "english", stopwords_english,
          sizeof(stopwords_english) / sizeof(stopwords_english[0]) },
        { "german", stopwords_german,
          sizeof(stopwords_german) / sizeof(stopwords_german[0]) },
        { "french", stopwords_french,
          sizeof(stopwords_french) / sizeof(stopwords_french[0]) },
        { "spanish", stopwords_spanish,
          sizeof(stopwords_spanish) / sizeof(stopwords_spanish[0]) },
        { "italian", stopwords_italian,
          sizeof(stopwords_italian) / sizeof(stopwords_italian[0]) },
        { "portuguese", stopwords_portuguese,
          sizeof(stopwords_portuguese) / sizeof(stopwords_portuguese[0]) },
        { "dutch", stopwords_dutch,
          sizeof(stopwords_dutch) / sizeof(stopwords_dutch[0]) },
        { "swedish", stopwords_swedish,
          sizeof(stopwords_swedish) / sizeof(stopwords_swedish[0]) },
        { "danish", stopwords_danish,
          sizeof(stopwords_danish) / sizeof(stopwords_danish[0]) },
        { "norwegian", stopwords_norwegian,
          sizeof(stopwords_norwegian) / sizeof(stopwords_norwegian[0]) },
        { "finnish", stopwords_finnish,
          sizeof(stopwords_finnish) / sizeof(stopwords_finnish[0]) },
        { "russian", stopwords_russian,
          sizeof(stopwords_russian) / sizeof(stopwords_russian[0]) },
        { "hindi", stopwords_hindi,
          sizeof(stopwords_hindi) / sizeof(stopwords_hindi[0]) },
        { "nepali", stopwords_nepali,
          sizeof(stopwords_nepali) / sizeof(stopwords_nepali[0]) },
        { NULL, NULL, 0 },
};

const struct precis__stopwords *precis__stopwords_find(const char *lang)
{
        const struct precis__stopwords *sw;

        for (sw = precis__stopword_lists; sw->lang != NULL; sw++)
                if (strcmp(sw->lang, lang) == 0)
                        return sw;
        return NULL;
}

/* All lists in one open-addressing hash table from a word to the set of
 * lists holding it (bit i = precis__stopword_lists[i]), built once.  One
 * probe per token replaces a binary search per list, which mattered:
 * language detection asks every list about every token. */
struct stopwords_entry {
        const char *word; /* static */
        uint32_t len;     /* strlen(word) */
        uint32_t mask;    /* lists holding the word */
};

#define STOPWORDS_SLOTS 8192 /* power of two, over 3x the words listed */

/* The slots hold an entry's index + 1 (0 = empty): 16 KiB to probe
 * instead of 192 KiB of full entries, fewer pages for every process to
 * fault in at start; the entries fill in order, as many as there are
 * distinct words. */
static uint16_t stopwords_slots[STOPWORDS_SLOTS];
static struct stopwords_entry stopwords_entries[STOPWORDS_SLOTS - 1];
static size_t stopwords_n;
static pthread_once_t stopwords_once = PTHREAD_ONCE_INIT;

/* The slot of @w (@n bytes): where it is, or the empty one it would go. */
static uint32_t stopwords_find(const char *w, size_t n)
{
        uint32_t h = (uint32_t) precis_table_hash(w, n) &
                     (STOPWORDS_SLOTS - 1);

        while (stopwords_slots[h] != 0) {
                const struct stopwords_entry *e =
                        &stopwords_entries[stopwords_slots[h] - 1];

                if (e->len == n && memcmp(e->word, w, n) == 0)
                        break;
                h = (h + 1) & (STOPWORDS_SLOTS - 1);
        }
        return h;
}

static void stopwords_build(void)
{
        size_t l, k;

        for (l = 0; precis__stopword_lists[l].lang != NULL && l < 32; l++) {
                const struct precis__stopwords *sw =
                        &precis__stopword_lists[l];

                for (k = 0; k < sw->n; k++) {
                        const char *w = sw->words[k];
                        size_t n = strlen(w);
                        uint32_t h = stopwords_find(w, n);

                        if (stopwords_slots[h] == 0) {
                                /* Never full: the lists hold under a third
                                 * of STOPWORDS_SLOTS words. */
                                if (stopwords_n + 1 >= STOPWORDS_SLOTS)
                                        return;
                                stopwords_entries[stopwords_n].word = w;
                                stopwords_entries[stopwords_n].len =
                                        (uint32_t) n;
                                stopwords_slots[h] =
                                        (uint16_t) ++stopwords_n;
                        }
                        stopwords_entries[stopwords_slots[h] - 1].mask |=
                                (uint32_t) 1 << l;
                }
        }
}

uint32_t precis__stopwords_mask(const char *w, size_t len)
{
        uint32_t h;

        if (len == 0)
                return 0;
        pthread_once(&stopwords_once, stopwords_build);
        h = stopwords_find(w, len);
        return stopwords_slots[h] != 0
                       ? stopwords_entries[stopwords_slots[h] - 1].mask
                       : 0;
}

int precis__stopwords_has(const struct precis__stopwords *sw, const char *w,
                          size_t len)
{
        if (sw == NULL)
                return 0;
        return (precis__stopwords_mask(w, len) >>
                (sw - precis__stopword_lists)) & 1;
}
