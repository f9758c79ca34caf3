/*
 * _crfcore: featurize and tag a sentence with a CRFsuite model in one call.
 *
 * Reads the CRFsuite files that underthesea ships ("lCRF" header, FEAT chunk, CQDB string tables) the way
 * underthesea_core 3.3.2's loader reads them, builds the feature strings of a template list natively,
 * looks them up among the model's attributes (skipping those the model does not know: they carry no
 * weight), sums the state weights in feature order and runs the same Viterbi as underthesea_core, so
 * the labels are the same as `CRFTagger.tag(features)` on the features of underthesea's featurizers.
 *
 * Two featurizer semantics:
 *   MODE_RUST   underthesea_core.CRFFeaturizer (word segmentation): lower = Rust to_lowercase,
 *               istitle = first char of every " "-part equals its uppercase, isdigit = parses as i32,
 *               is_in_dict = lowercased window in the dictionary.
 *   MODE_PYTHON underthesea tagged_feature.py (POS, chunk, NER): Python str.lower,
 *               str.istitle of first chars, str.isdigit, isallcap.
 *
 * Plain CPython C API, C99. No third-party code.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#define MODE_RUST 0
#define MODE_PYTHON 1

enum { F_NONE = 0, F_LOWER, F_TITLE, F_DIGIT, F_INDICT, F_ALLCAP };

#define MAX_TEMPLATES 256
#define MAX_WIDTH 64
#define MAX_CHAIN 8
#define MAX_KINDS 256

/* ------------------------------------------------------------------------------------------------ */
/* hashing                                                                                          */

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t h = 0x243F6A8885A308D3ULL ^ ((uint64_t)n * 0x9E3779B97F4A7C15ULL);
    const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
    while (n >= 8) {
        uint64_t k;
        memcpy(&k, p, 8);
        k *= c1;
        k = rotl64(k, 31);
        k *= c2;
        h ^= k;
        h = rotl64(h, 27) * 5 + 0x52dce729;
        p += 8;
        n -= 8;
    }
    if (n) {
        uint64_t k = 0;
        memcpy(&k, p, n);
        k *= c1;
        k = rotl64(k, 31);
        k *= c2;
        h ^= k;
    }
    return fmix64(h);
}

static inline uint64_t key_hash(uint64_t vh, int t)
{
    uint64_t h = vh ^ ((uint64_t)(t + 1) * 0x9E3779B97F4A7C15ULL);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 31);
}

/* ------------------------------------------------------------------------------------------------ */
/* arena: bump allocator for one call; pointers stay valid until reset                              */

typedef struct Block {
    struct Block *next;
    size_t size, used;
    /* data follows, 16-aligned */
} Block;

typedef struct {
    Block *head;  /* current block first */
    size_t total;
} Arena;

#define BLOCK_HDR ((sizeof(Block) + 15) & ~(size_t)15)

static void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    Block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = 1 << 16;
        if (a->total > size)
            size = a->total;
        if (size < n)
            size = n;
        b = (Block *)malloc(BLOCK_HDR + size);
        if (!b)
            return NULL;
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->total += size;
    }
    void *p = (char *)b + BLOCK_HDR + b->used;
    b->used += n;
    return p;
}

static void arena_free(Arena *a)
{
    Block *b = a->head;
    while (b) {
        Block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

/* Keep one block (the newest, largest) for the next call, unless it is big. */
static void arena_reset(Arena *a)
{
    Block *b = a->head;
    if (!b)
        return;
    if (b->next || b->size > ((size_t)8 << 20)) {
        size_t total = a->total;
        arena_free(a);
        if (total <= ((size_t)8 << 20)) {
            Block *nb = (Block *)malloc(BLOCK_HDR + total);
            if (nb) {
                nb->size = total;
                nb->used = 0;
                nb->next = NULL;
                a->head = nb;
                a->total = total;
            }
        }
        return;
    }
    b->used = 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* string set (dictionary)                                                                          */

typedef struct {
    uint64_t h;
    uint32_t off, len;
    int used;
} SetSlot;

typedef struct {
    SetSlot *slots;
    size_t mask;
    char *pool;
    size_t count;
} StrSet;

static int strset_contains(const StrSet *set, const char *s, uint32_t len, uint64_t h)
{
    if (!set->slots)
        return 0;
    size_t i = (size_t)(h ^ (h >> 29)) & set->mask;
    for (;;) {
        const SetSlot *sl = &set->slots[i];
        if (!sl->used)
            return 0;
        if (sl->h == h && sl->len == len && memcmp(set->pool + sl->off, s, len) == 0)
            return 1;
        i = (i + 1) & set->mask;
    }
}

static void strset_free(StrSet *set)
{
    free(set->slots);
    free(set->pool);
    memset(set, 0, sizeof(*set));
}

static Py_ssize_t str_to_utf8(PyObject *u, char *dst);

/* Build from a Python iterable of str; items that are not str or not encodable are skipped. */
static int strset_build(StrSet *set, PyObject *iterable)
{
    PyObject *seq = PySequence_Fast(iterable, "dictionary must be an iterable of str");
    if (!seq)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    size_t room = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyUnicode_Check(items[i]))
            room += 4 * (size_t)PyUnicode_GET_LENGTH(items[i]);
    }
    size_t cap = 16;
    while (cap < (size_t)n * 2 + 2)
        cap <<= 1;
    set->slots = (SetSlot *)calloc(cap, sizeof(SetSlot));
    set->pool = (char *)malloc(room ? room : 1);
    if (!set->slots || !set->pool) {
        Py_DECREF(seq);
        strset_free(set);
        PyErr_NoMemory();
        return -1;
    }
    set->mask = cap - 1;
    size_t pos = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyUnicode_Check(items[i]))
            continue;
        Py_ssize_t len = str_to_utf8(items[i], set->pool + pos);
        if (len < 0) {
            PyErr_Clear();
            continue;
        }
        const char *u = set->pool + pos;
        uint64_t h = hash_bytes(u, (size_t)len);
        if (strset_contains(set, u, (uint32_t)len, h))
            continue;
        size_t j = (size_t)(h ^ (h >> 29)) & set->mask;
        while (set->slots[j].used)
            j = (j + 1) & set->mask;
        set->slots[j].h = h;
        set->slots[j].off = (uint32_t)pos;
        set->slots[j].len = (uint32_t)len;
        set->slots[j].used = 1;
        pos += (size_t)len;
        set->count++;
    }
    Py_DECREF(seq);
    char *shrunk = (char *)realloc(set->pool, pos ? pos : 1);
    if (shrunk)
        set->pool = shrunk;
    return 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* Unicode helpers                                                                                  */

/* Case data where underthesea_core (Rust std, Unicode 16) and this Python's unicodedata disagree;
   set once from unicode16.py by set_case_overrides(). Sorted by code point. */
typedef struct {
    Py_UCS4 cp;
    char utf8[16];
    int len;
} LowerOverride;

static LowerOverride *g_lower_ovr = NULL;
static int g_lower_ovr_n = 0;
static Py_UCS4 g_lower_ovr_min = 0x110000;
typedef struct {
    Py_UCS4 cp;
    int value;
} TitleOverride;
static TitleOverride *g_title_ovr = NULL;
static int g_title_ovr_n = 0;

/* Lazily filled cache of Rust's "c == c.to_uppercase()" for non-ASCII code points:
   0 unknown, 1 false, 2 true. One 256-entry page per 256 code points. */
static uint8_t *g_title_pages[0x110000 >> 8];

static const LowerOverride *find_lower_ovr(Py_UCS4 c)
{
    int lo = 0, hi = g_lower_ovr_n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (g_lower_ovr[mid].cp == c)
            return &g_lower_ovr[mid];
        if (g_lower_ovr[mid].cp < c)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

static int find_title_ovr(Py_UCS4 c)
{
    int lo = 0, hi = g_title_ovr_n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (g_title_ovr[mid].cp == c)
            return g_title_ovr[mid].value;
        if (g_title_ovr[mid].cp < c)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* Rust: String::from(c) == String::from(c).to_uppercase(). Needs the GIL on a cache miss.
   Returns 1/0, or -1 with an exception set. */
static int rust_first_char_is_title(Py_UCS4 c)
{
    if (c < 128)
        return !(c >= 'a' && c <= 'z');
    int o = find_title_ovr(c);
    if (o >= 0)
        return o;
    uint8_t *page = g_title_pages[c >> 8];
    if (!page) {
        page = (uint8_t *)calloc(256, 1);
        if (!page) {
            PyErr_NoMemory();
            return -1;
        }
        g_title_pages[c >> 8] = page;
    }
    uint8_t v = page[c & 255];
    if (v)
        return v == 2;
    PyObject *ch = PyUnicode_FromOrdinal((int)c);
    if (!ch)
        return -1;
    PyObject *up = PyObject_CallMethod((PyObject *)&PyUnicode_Type, "upper", "O", ch);
    if (!up) {
        Py_DECREF(ch);
        return -1;
    }
    int eq = PyUnicode_Compare(ch, up) == 0;
    Py_DECREF(ch);
    Py_DECREF(up);
    if (PyErr_Occurred())
        return -1;
    page[c & 255] = eq ? 2 : 1;
    return eq;
}

/* Python: one-character str.istitle() */
static inline int py_char_istitle(Py_UCS4 c)
{
    return Py_UNICODE_ISUPPER(c) || Py_UNICODE_ISTITLE(c);
}

static int utf8_put(char *out, Py_UCS4 c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Write the UTF-8 of str `u` to dst (room for 4 bytes per character). Returns the byte count, or -1
   when the string holds a surrogate (then Python's encoder is asked, to raise its usual error). */
static Py_ssize_t str_to_utf8(PyObject *u, char *dst)
{
    int kind = PyUnicode_KIND(u);
    const void *data = PyUnicode_DATA(u);
    Py_ssize_t n = PyUnicode_GET_LENGTH(u);
    if (PyUnicode_IS_ASCII(u)) {
        memcpy(dst, data, (size_t)n);
        return n;
    }
    Py_ssize_t pos = 0;
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *p = (const Py_UCS1 *)data;
        for (Py_ssize_t i = 0; i < n; i++)
            pos += utf8_put(dst + pos, p[i]);
        return pos;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= 0xD800 && c <= 0xDFFF) {
            Py_ssize_t ignored;
            if (PyUnicode_AsUTF8AndSize(u, &ignored) != NULL) /* cannot happen: raise our own */
                PyErr_SetString(PyExc_UnicodeEncodeError, "surrogates not allowed");
            return -1;
        }
        pos += utf8_put(dst + pos, c);
    }
    return pos;
}

/* strict UTF-8 validity, as Rust's str requires */
static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        }
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        }
        else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        }
        else
            return 0;
        if (n - i - 1 < need)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            unsigned char cc = s[i + k];
            if ((cc & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

/* Rust: text.parse::<i32>().is_ok() */
static int rust_parses_i32(const char *s, size_t n)
{
    size_t i = 0;
    int neg = 0;
    if (n == 0)
        return 0;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
        if (n == 1)
            return 0;
    }
    int64_t v = 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + (c - '0');
        if (v > 2147483648LL)
            return 0;
    }
    if (!neg && v > 2147483647LL)
        return 0;
    return 1;
}

/* ------------------------------------------------------------------------------------------------ */
/* model                                                                                            */

typedef struct {
    uint64_t h;
    uint32_t off, len;  /* value bytes in vpool */
    int32_t tmpl;       /* canonical template index */
    uint32_t wstart, wcount;  /* wcount == 0: empty slot */
} AttrEntry;

typedef struct {
    int col, off1, off2, width, func, canon, kind;
    const AttrEntry *bos, *eos, *tru, *fal;
    char *text;  /* UTF-8 template syntax */
    size_t text_len;
} Tmpl;

typedef struct {
    int col, width, func;
} KindSpec;

typedef struct {
    PyObject_HEAD
    int mode;
    int L;
    PyObject **label_obj;    /* str per label */
    char **label_s;
    uint32_t *label_len;
    uint64_t *label_h;
    double *trans;           /* L * L, from-major */
    int ntmpl;
    Tmpl *tmpl;
    int nkinds;
    KindSpec kinds[MAX_TEMPLATES];
    int maxcol;
    unsigned flags_needed;   /* bit per F_* used on column 0 */
    int needs_lower;
    AttrEntry *table;
    size_t mask;
    char *vpool;
    uint16_t *wlab;
    double *wval;
    size_t nweights, nentries;
    StrSet dict;
    int has_dict;
} ModelObject;

static PyTypeObject ModelType;

static void model_clear_data(ModelObject *m)
{
    if (m->label_obj) {
        for (int i = 0; i < m->L; i++)
            Py_XDECREF(m->label_obj[i]);
    }
    free(m->label_obj);
    m->label_obj = NULL;
    if (m->label_s) {
        for (int i = 0; i < m->L; i++)
            free(m->label_s[i]);
    }
    free(m->label_s);
    m->label_s = NULL;
    free(m->label_len);
    m->label_len = NULL;
    free(m->label_h);
    m->label_h = NULL;
    free(m->trans);
    m->trans = NULL;
    if (m->tmpl) {
        for (int i = 0; i < m->ntmpl; i++)
            free(m->tmpl[i].text);
    }
    free(m->tmpl);
    m->tmpl = NULL;
    free(m->table);
    m->table = NULL;
    free(m->vpool);
    m->vpool = NULL;
    free(m->wlab);
    m->wlab = NULL;
    free(m->wval);
    m->wval = NULL;
    strset_free(&m->dict);
    m->L = 0;
    m->ntmpl = 0;
}

static void model_dealloc(ModelObject *m)
{
    model_clear_data(m);
    Py_TYPE(m)->tp_free((PyObject *)m);
}

static const AttrEntry *attr_lookup(const ModelObject *m, int t, const char *s, uint32_t len, uint64_t vh)
{
    if (!m->table)
        return NULL;
    uint64_t h = key_hash(vh, t);
    size_t i = (size_t)(h ^ (h >> 29)) & m->mask;
    for (;;) {
        const AttrEntry *e = &m->table[i];
        if (!e->wcount)
            return NULL;
        if (e->h == h && e->tmpl == t && e->len == len && memcmp(m->vpool + e->off, s, len) == 0)
            return e;
        i = (i + 1) & m->mask;
    }
}

/* --- reading the file ---------------------------------------------------------------------------- */

typedef struct {
    const unsigned char *p;
    size_t n;
} Bytes;

static int rd_u32(const Bytes *b, size_t off, uint32_t *out)
{
    if (off > b->n || b->n - off < 4)
        return -1;
    const unsigned char *q = b->p + off;
    *out = (uint32_t)q[0] | ((uint32_t)q[1] << 8) | ((uint32_t)q[2] << 16) | ((uint32_t)q[3] << 24);
    return 0;
}

static int rd_f64(const Bytes *b, size_t off, double *out)
{
    uint32_t lo, hi;
    if (rd_u32(b, off, &lo) || rd_u32(b, off + 4, &hi))
        return -1;
    uint64_t v = (uint64_t)lo | ((uint64_t)hi << 32);
    memcpy(out, &v, 8);
    return 0;
}

typedef struct {
    char *s;   /* into the file's bytes, or an owned (lossy-decoded) copy */
    uint32_t len;
    int owned;
} OwnedStr;

/* temporary map used while reading a CQDB (Rust's get_or_insert) */
typedef struct {
    OwnedStr *items;
    size_t n, cap;
    StrSet idx;  /* not used as set; we use own slots below */
    uint64_t *slot_h;
    int64_t *slot_id;
    size_t slot_mask;
} StrList;

static void strlist_free(StrList *l)
{
    if (l->items) {
        for (size_t i = 0; i < l->n; i++)
            if (l->items[i].owned)
                free(l->items[i].s);
    }
    free(l->items);
    free(l->slot_h);
    free(l->slot_id);
    memset(l, 0, sizeof(*l));
}

/* Rust String::from_utf8_lossy: valid input is kept as it is (borrowed, *owned = 0); otherwise
   Python's "replace" decoding, which follows the same maximal-subpart substitution (*owned = 1). */
static int lossy_utf8(const char *s, size_t n, char **out, uint32_t *out_len, int *owned)
{
    if (utf8_valid((const unsigned char *)s, n)) {
        *out = (char *)s;
        *out_len = (uint32_t)n;
        *owned = 0;
        return 0;
    }
    PyObject *u = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "replace");
    if (!u)
        return -1;
    Py_ssize_t len;
    const char *e = PyUnicode_AsUTF8AndSize(u, &len);
    if (!e) {
        Py_DECREF(u);
        return -1;
    }
    *out = (char *)malloc((size_t)len + 1);
    if (!*out) {
        Py_DECREF(u);
        PyErr_NoMemory();
        return -1;
    }
    memcpy(*out, e, (size_t)len);
    (*out)[len] = 0;
    *out_len = (uint32_t)len;
    *owned = 1;
    Py_DECREF(u);
    return 0;
}

/* Read a CQDB the way underthesea_core does: ids follow the backward table, skipping empty slots,
   strings truncated at their first NUL, inserted with get_or_insert (duplicates collapse). */
static int read_cqdb(const Bytes *b, uint32_t start, uint32_t count, StrList *out, const char *what)
{
    uint32_t bwd_size, bwd_offset;
    if ((size_t)start + 24 > b->n || memcmp(b->p + start, "CQDB", 4) != 0) {
        PyErr_Format(PyExc_ValueError, "not a CRFsuite model: no CQDB table of %s at offset %u", what, start);
        return -1;
    }
    if (rd_u32(b, (size_t)start + 16, &bwd_size) || rd_u32(b, (size_t)start + 20, &bwd_offset))
        goto trunc;
    uint32_t num = count < bwd_size ? count : bwd_size;
    size_t cap = 16;
    while (cap < (size_t)num * 2 + 2)
        cap <<= 1;
    out->slot_h = (uint64_t *)calloc(cap, sizeof(uint64_t));
    out->slot_id = (int64_t *)malloc(cap * sizeof(int64_t));
    out->items = (OwnedStr *)calloc(num ? num : 1, sizeof(OwnedStr));
    if (!out->slot_h || !out->slot_id || !out->items) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < cap; i++)
        out->slot_id[i] = -1;
    out->slot_mask = cap - 1;
    out->cap = num;
    for (uint32_t id = 0; id < num; id++) {
        uint32_t eoff, ksize;
        if (rd_u32(b, (size_t)start + bwd_offset + (size_t)id * 4, &eoff))
            goto trunc;
        if (eoff == 0)
            continue;
        size_t at = (size_t)start + eoff;
        if (rd_u32(b, at + 4, &ksize))
            goto trunc;
        if (at + 8 > b->n || b->n - (at + 8) < ksize)
            goto trunc;
        const char *key = (const char *)b->p + at + 8;
        size_t klen = ksize;
        const char *nul = memchr(key, 0, klen);
        if (nul)
            klen = (size_t)(nul - key);
        char *s;
        uint32_t slen;
        int owned;
        if (lossy_utf8(key, klen, &s, &slen, &owned))
            return -1;
        uint64_t h = hash_bytes(s, slen);
        size_t j = (size_t)(h ^ (h >> 29)) & out->slot_mask;
        int dup = 0;
        while (out->slot_id[j] >= 0) {
            OwnedStr *o = &out->items[out->slot_id[j]];
            if (out->slot_h[j] == h && o->len == slen && memcmp(o->s, s, slen) == 0) {
                dup = 1;
                break;
            }
            j = (j + 1) & out->slot_mask;
        }
        if (dup) {
            if (owned)
                free(s);
            continue;
        }
        out->slot_h[j] = h;
        out->slot_id[j] = (int64_t)out->n;
        out->items[out->n].s = s;
        out->items[out->n].len = slen;
        out->items[out->n].owned = owned;
        out->n++;
    }
    return 0;
trunc:
    PyErr_Format(PyExc_ValueError, "not a CRFsuite model: truncated CQDB table of %s", what);
    return -1;
}

typedef struct {
    uint32_t attr, label, order;
    double w;
} StateFeat;

static int cmp_state(const void *a, const void *b)
{
    const StateFeat *x = (const StateFeat *)a, *y = (const StateFeat *)b;
    if (x->attr != y->attr)
        return x->attr < y->attr ? -1 : 1;
    if (x->label != y->label)
        return x->label < y->label ? -1 : 1;
    return x->order < y->order ? -1 : (x->order > y->order);
}

static int func_code(const char *name, int mode)
{
    if (!name)
        return F_NONE;
    if (strcmp(name, "lower") == 0)
        return F_LOWER;
    if (strcmp(name, "istitle") == 0)
        return F_TITLE;
    if (strcmp(name, "isdigit") == 0)
        return F_DIGIT;
    if (mode == MODE_RUST) {
        if (strcmp(name, "is_in_dict") == 0)
            return F_INDICT;
        return F_NONE; /* underthesea_core leaves the text unchanged for other names */
    }
    if (strcmp(name, "isallcap") == 0)
        return F_ALLCAP;
    return -1;
}

static int parse_templates(ModelObject *m, PyObject *templates)
{
    PyObject *seq = PySequence_Fast(templates, "templates must be a sequence of tuples");
    if (!seq)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n > MAX_TEMPLATES) {
        PyErr_Format(PyExc_ValueError, "at most %d templates", MAX_TEMPLATES);
        goto fail;
    }
    m->tmpl = (Tmpl *)calloc(n ? (size_t)n : 1, sizeof(Tmpl));
    if (!m->tmpl) {
        PyErr_NoMemory();
        goto fail;
    }
    m->ntmpl = (int)n;
    m->maxcol = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        PyObject *text, *off2o, *funco;
        int col, off1;
        if (!PyArg_ParseTuple(item, "UiiOO;template must be (text, column, index1, index2|None, function|None)",
                              &text, &col, &off1, &off2o, &funco))
            goto fail;
        Tmpl *t = &m->tmpl[i];
        Py_ssize_t tl;
        const char *ts = PyUnicode_AsUTF8AndSize(text, &tl);
        if (!ts)
            goto fail;
        t->text = (char *)malloc((size_t)tl + 1);
        if (!t->text) {
            PyErr_NoMemory();
            goto fail;
        }
        memcpy(t->text, ts, (size_t)tl + 1);
        t->text_len = (size_t)tl;
        if (memchr(ts, '=', (size_t)tl)) {
            PyErr_Format(PyExc_ValueError, "template %R contains '='", text);
            goto fail;
        }
        if (col < 0 || col > 64) {
            PyErr_Format(PyExc_ValueError, "template %R: column out of range", text);
            goto fail;
        }
        t->col = col;
        t->off1 = off1;
        if (off2o == Py_None) {
            t->off2 = off1;
            t->width = 1;
        }
        else {
            long o2 = PyLong_AsLong(off2o);
            if (o2 == -1 && PyErr_Occurred())
                goto fail;
            if (o2 < off1 || o2 - off1 + 1 > MAX_WIDTH) {
                PyErr_Format(PyExc_ValueError, "template %R: unsupported window", text);
                goto fail;
            }
            t->off2 = (int)o2;
            t->width = (int)(o2 - off1 + 1);
        }
        if (off1 < -100000 || off1 > 100000) {
            PyErr_Format(PyExc_ValueError, "template %R: offset out of range", text);
            goto fail;
        }
        const char *fname = NULL;
        if (funco != Py_None) {
            fname = PyUnicode_AsUTF8(funco);
            if (!fname)
                goto fail;
        }
        t->func = func_code(fname, m->mode);
        if (t->func < 0) {
            PyErr_Format(PyExc_ValueError, "template %R: unknown function %s", text, fname);
            goto fail;
        }
        if (t->func != F_NONE && col != 0) {
            PyErr_Format(PyExc_ValueError, "template %R: functions are supported on column 0 only", text);
            goto fail;
        }
        if (m->mode == MODE_RUST && col != 0) {
            PyErr_Format(PyExc_ValueError, "template %R: the segmentation featurizer has one column", text);
            goto fail;
        }
        if (col > m->maxcol)
            m->maxcol = col;
        if (t->func == F_LOWER || t->func == F_INDICT)
            m->needs_lower = 1;
        if (t->func != F_NONE)
            m->flags_needed |= 1u << t->func;
        t->canon = (int)i;
        for (Py_ssize_t k = 0; k < i; k++) {
            if (m->tmpl[k].text_len == t->text_len && memcmp(m->tmpl[k].text, t->text, t->text_len) == 0) {
                t->canon = (int)k;
                break;
            }
        }
        int kind = -1;
        for (int k = 0; k < m->nkinds; k++) {
            if (m->kinds[k].col == col && m->kinds[k].width == t->width && m->kinds[k].func == t->func) {
                kind = k;
                break;
            }
        }
        if (kind < 0) {
            kind = m->nkinds++;
            m->kinds[kind].col = col;
            m->kinds[kind].width = t->width;
            m->kinds[kind].func = t->func;
        }
        t->kind = kind;
    }
    Py_DECREF(seq);
    return 0;
fail:
    Py_DECREF(seq);
    return -1;
}

static int template_of_prefix(const ModelObject *m, const char *s, size_t len)
{
    for (int i = 0; i < m->ntmpl; i++) {
        const Tmpl *t = &m->tmpl[i];
        if (t->canon == i && t->text_len == len && memcmp(t->text, s, len) == 0)
            return i;
    }
    return -1;
}

static int model_load(ModelObject *m, const Bytes *b)
{
    StrList labels = {0}, attrs = {0};
    StateFeat *sf = NULL;
    uint32_t *wcount = NULL, *wstart = NULL;
    int ret = -1;

    if (b->n < 48 || memcmp(b->p, "lCRF", 4) != 0) {
        if (b->n >= 4 && memcmp(b->p, "UTCF", 4) == 0)
            PyErr_SetString(PyExc_ValueError, "underthesea_core native (UTCF) models are not supported, only CRFsuite files");
        else
            PyErr_SetString(PyExc_ValueError, "not a CRFsuite model file (no 'lCRF' magic)");
        return -1;
    }
    uint32_t h_nfeat = 0, h_nlabels = 0, h_nattrs = 0, off_feat = 0, off_labels = 0, off_attrs = 0;
    rd_u32(b, 16, &h_nfeat);
    rd_u32(b, 20, &h_nlabels);
    rd_u32(b, 24, &h_nattrs);
    rd_u32(b, 28, &off_feat);
    rd_u32(b, 32, &off_labels);
    rd_u32(b, 36, &off_attrs);

    if (read_cqdb(b, off_labels, h_nlabels, &labels, "labels"))
        goto done;
    if (read_cqdb(b, off_attrs, h_nattrs, &attrs, "attributes"))
        goto done;
    if (labels.n > 65535) {
        PyErr_SetString(PyExc_ValueError, "too many labels");
        goto done;
    }
    int L = (int)labels.n;

    /* labels */
    m->L = L;
    m->label_obj = (PyObject **)calloc(L ? L : 1, sizeof(PyObject *));
    m->label_s = (char **)calloc(L ? L : 1, sizeof(char *));
    m->label_len = (uint32_t *)calloc(L ? L : 1, sizeof(uint32_t));
    m->label_h = (uint64_t *)calloc(L ? L : 1, sizeof(uint64_t));
    m->trans = (double *)calloc(L > 0 ? (size_t)L * (size_t)L : 1, sizeof(double));
    if (!m->label_obj || !m->label_s || !m->label_len || !m->label_h || !m->trans) {
        PyErr_NoMemory();
        goto done;
    }
    for (int i = 0; i < L; i++) {
        m->label_s[i] = (char *)malloc((size_t)labels.items[i].len + 1);
        if (!m->label_s[i]) {
            PyErr_NoMemory();
            goto done;
        }
        memcpy(m->label_s[i], labels.items[i].s, labels.items[i].len);
        m->label_s[i][labels.items[i].len] = 0;
        m->label_len[i] = labels.items[i].len;
        m->label_h[i] = hash_bytes(m->label_s[i], m->label_len[i]);
        m->label_obj[i] = PyUnicode_DecodeUTF8(m->label_s[i], m->label_len[i], "strict");
        if (!m->label_obj[i])
            goto done;
        PyUnicode_InternInPlace(&m->label_obj[i]);
    }

    /* features */
    if ((size_t)off_feat + 12 > b->n || memcmp(b->p + off_feat, "FEAT", 4) != 0) {
        PyErr_SetString(PyExc_ValueError, "not a CRFsuite model: no FEAT chunk");
        goto done;
    }
    uint32_t nfeat = 0;
    rd_u32(b, (size_t)off_feat + 8, &nfeat);
    if (nfeat == 0)
        nfeat = h_nfeat;
    if ((b->n - ((size_t)off_feat + 12)) / 20 < nfeat) {
        PyErr_SetString(PyExc_ValueError, "not a CRFsuite model: truncated FEAT chunk");
        goto done;
    }
    sf = (StateFeat *)malloc((nfeat ? nfeat : 1) * sizeof(StateFeat));
    if (!sf) {
        PyErr_NoMemory();
        goto done;
    }
    size_t nsf = 0;
    for (uint32_t i = 0; i < nfeat; i++) {
        size_t at = (size_t)off_feat + 12 + (size_t)i * 20;
        uint32_t type = 0, src = 0, dst = 0;
        double w = 0.0;
        rd_u32(b, at, &type);
        rd_u32(b, at + 4, &src);
        rd_u32(b, at + 8, &dst);
        rd_f64(b, at + 12, &w);
        if (type == 0) {
            sf[nsf].attr = src;
            sf[nsf].label = dst;
            sf[nsf].order = i;
            sf[nsf].w = w;
            nsf++;
        }
        else if (type == 1) {
            /* set_transition: flat index from * L + to, ignored when out of the matrix; last wins */
            uint64_t idx = (uint64_t)src * (uint64_t)L + dst;
            if (idx < (uint64_t)L * (uint64_t)L)
                m->trans[idx] = w;
        }
    }
    /* set_state_weight: last write per (attr, label) wins; |w| <= 1e-10 removes */
    qsort(sf, nsf, sizeof(StateFeat), cmp_state);
    size_t nattrs = attrs.n;
    wcount = (uint32_t *)calloc(nattrs ? nattrs : 1, sizeof(uint32_t));
    wstart = (uint32_t *)calloc(nattrs ? nattrs : 1, sizeof(uint32_t));
    if (!wcount || !wstart) {
        PyErr_NoMemory();
        goto done;
    }
    size_t nkeep = 0;
    for (size_t i = 0; i < nsf; i++) {
        if (i + 1 < nsf && sf[i + 1].attr == sf[i].attr && sf[i + 1].label == sf[i].label)
            continue; /* a later write to the same key */
        if (!(fabs(sf[i].w) > 1e-10))
            continue;
        if (sf[i].attr >= nattrs || sf[i].label >= (uint32_t)L)
            continue; /* can never be read: no such attribute id / label */
        sf[nkeep++] = sf[i];
        wcount[sf[i].attr]++;
    }
    m->nweights = nkeep;
    m->wlab = (uint16_t *)malloc((nkeep ? nkeep : 1) * sizeof(uint16_t));
    m->wval = (double *)malloc((nkeep ? nkeep : 1) * sizeof(double));
    if (!m->wlab || !m->wval) {
        PyErr_NoMemory();
        goto done;
    }
    {
        uint32_t acc = 0;
        for (size_t a = 0; a < nattrs; a++) {
            wstart[a] = acc;
            acc += wcount[a];
        }
        /* sf is sorted by attr, so weights of one attribute are contiguous in that order */
        for (size_t i = 0; i < nkeep; i++) {
            m->wlab[i] = (uint16_t)sf[i].label;
            m->wval[i] = sf[i].w;
        }
    }

    /* attribute table: (template, value) -> weights, for attributes with weights and a known template */
    size_t nent = 0, vbytes = 0;
    for (size_t a = 0; a < nattrs; a++) {
        if (!wcount[a])
            continue;
        const char *s = attrs.items[a].s;
        const char *eq = memchr(s, '=', attrs.items[a].len);
        if (!eq || template_of_prefix(m, s, (size_t)(eq - s)) < 0)
            continue;
        nent++;
        vbytes += attrs.items[a].len - (size_t)(eq - s) - 1;
    }
    size_t cap = 16;
    while (cap < nent * 2 + 2)
        cap <<= 1;
    m->table = (AttrEntry *)calloc(cap, sizeof(AttrEntry));
    m->vpool = (char *)malloc(vbytes ? vbytes : 1);
    if (!m->table || !m->vpool) {
        PyErr_NoMemory();
        goto done;
    }
    m->mask = cap - 1;
    size_t vpos = 0;
    for (size_t a = 0; a < nattrs; a++) {
        if (!wcount[a])
            continue;
        const char *s = attrs.items[a].s;
        const char *eq = memchr(s, '=', attrs.items[a].len);
        int t;
        if (!eq || (t = template_of_prefix(m, s, (size_t)(eq - s))) < 0)
            continue;
        const char *v = eq + 1;
        uint32_t vlen = (uint32_t)(attrs.items[a].len - (size_t)(eq - s) - 1);
        memcpy(m->vpool + vpos, v, vlen);
        uint64_t h = key_hash(hash_bytes(v, vlen), t);
        size_t j = (size_t)(h ^ (h >> 29)) & m->mask;
        while (m->table[j].wcount)
            j = (j + 1) & m->mask;
        AttrEntry *e = &m->table[j];
        e->h = h;
        e->off = (uint32_t)vpos;
        e->len = vlen;
        e->tmpl = t;
        e->wstart = wstart[a];
        e->wcount = wcount[a];
        vpos += vlen;
    }
    m->nentries = nent;

    /* constant values of every template */
    for (int i = 0; i < m->ntmpl; i++) {
        Tmpl *t = &m->tmpl[i];
        t->bos = attr_lookup(m, t->canon, "BOS", 3, hash_bytes("BOS", 3));
        t->eos = attr_lookup(m, t->canon, "EOS", 3, hash_bytes("EOS", 3));
        t->tru = attr_lookup(m, t->canon, "True", 4, hash_bytes("True", 4));
        t->fal = attr_lookup(m, t->canon, "False", 5, hash_bytes("False", 5));
    }
    ret = 0;
done:
    strlist_free(&labels);
    strlist_free(&attrs);
    free(sf);
    free(wcount);
    free(wstart);
    return ret;
}

/* --- the compiled form: a loaded model's tables as bytes, read back without parsing the CRFsuite file ---- */

#define COMPILED_MAGIC "DVCM"
#define COMPILED_VERSION 1u

typedef struct {
    char *p;
    size_t n, cap;
    int failed;
} Buf;

static void buf_put(Buf *b, const void *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        char *p = (char *)realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void buf_u64(Buf *b, uint64_t v) { buf_put(b, &v, sizeof v); }

/* What the tables depend on besides the file: the mode and the parsed templates (their canonical indices). */
static uint64_t templates_hash(const ModelObject *m)
{
    uint64_t h = hash_bytes((const char *)&m->mode, sizeof m->mode) ^ (uint64_t)m->ntmpl;
    for (int i = 0; i < m->ntmpl; i++) {
        const Tmpl *t = &m->tmpl[i];
        int fields[7] = {t->col, t->off1, t->off2, t->width, t->func, t->canon, t->kind};
        h = rotl64(h, 13) ^ hash_bytes((const char *)fields, sizeof fields);
        h = rotl64(h, 29) ^ hash_bytes(t->text, t->text_len);
    }
    return h;
}

static size_t table_vbytes(const ModelObject *m)
{
    size_t end = 0;
    for (size_t i = 0; i <= m->mask && m->table; i++) {
        const AttrEntry *e = &m->table[i];
        if (e->wcount && (size_t)e->off + e->len > end)
            end = (size_t)e->off + e->len;
    }
    return end;
}

static size_t set_pool_bytes(const StrSet *set)
{
    size_t end = 0;
    for (size_t i = 0; set->slots && i <= set->mask; i++) {
        if (set->slots[i].used && (size_t)set->slots[i].off + set->slots[i].len > end)
            end = (size_t)set->slots[i].off + set->slots[i].len;
    }
    return end;
}

static PyObject *model_dumps(ModelObject *m, PyObject *Py_UNUSED(ignored))
{
    if (!m->tmpl || !m->table) {
        PyErr_SetString(PyExc_ValueError, "the model is not loaded");
        return NULL;
    }
    Buf b = {0};
    buf_put(&b, COMPILED_MAGIC, 4);
    buf_u64(&b, COMPILED_VERSION);
    buf_u64(&b, templates_hash(m));
    buf_u64(&b, (uint64_t)m->L);
    for (int i = 0; i < m->L; i++) {
        buf_u64(&b, m->label_len[i]);
        buf_put(&b, m->label_s[i], m->label_len[i]);
    }
    buf_put(&b, m->trans, (size_t)m->L * (size_t)m->L * sizeof(double));
    buf_u64(&b, m->nweights);
    buf_put(&b, m->wlab, m->nweights * sizeof(uint16_t));
    buf_put(&b, m->wval, m->nweights * sizeof(double));
    buf_u64(&b, m->mask + 1);
    buf_u64(&b, m->nentries);
    buf_put(&b, m->table, (m->mask + 1) * sizeof(AttrEntry));
    size_t vbytes = table_vbytes(m);
    buf_u64(&b, vbytes);
    buf_put(&b, m->vpool, vbytes);
    buf_u64(&b, (uint64_t)m->has_dict);
    if (m->has_dict) {
        size_t pool = set_pool_bytes(&m->dict);
        buf_u64(&b, m->dict.mask + 1);
        buf_u64(&b, m->dict.count);
        buf_put(&b, m->dict.slots, (m->dict.mask + 1) * sizeof(SetSlot));
        buf_u64(&b, pool);
        buf_put(&b, m->dict.pool, pool);
    }
    if (!b.failed)
        buf_u64(&b, hash_bytes(b.p, b.n));
    if (b.failed) {
        free(b.p);
        return PyErr_NoMemory();
    }
    PyObject *out = PyBytes_FromStringAndSize(b.p, (Py_ssize_t)b.n);
    free(b.p);
    return out;
}

typedef struct {
    const unsigned char *p;
    size_t n, at;
} Reader;

static int rd_take(Reader *r, void *out, size_t n)
{
    if (r->n - r->at < n)
        return -1;
    memcpy(out, r->p + r->at, n);
    r->at += n;
    return 0;
}

static int rd_count(Reader *r, uint64_t *out, uint64_t limit)
{
    return rd_take(r, out, sizeof *out) || *out > limit ? -1 : 0;
}

/* A copy of the next n * size bytes, or NULL (n == 0 gives a 1-byte block). */
static void *rd_array(Reader *r, uint64_t n, size_t size)
{
    if (n > (r->n - r->at) / size)
        return NULL;
    void *p = malloc(n ? (size_t)n * size : 1);
    if (p)
        rd_take(r, p, (size_t)n * size);
    return p;
}

static int is_power_of_two(uint64_t v) { return v >= 2 && (v & (v - 1)) == 0; }

/* Every index in the tables in bounds, and a free slot in each open-addressing table (look-ups end). */
static int compiled_tables_valid(const ModelObject *m, size_t vbytes, size_t pool)
{
    size_t free_slots = 0;
    for (size_t i = 0; i <= m->mask; i++) {
        const AttrEntry *e = &m->table[i];
        if (!e->wcount) {
            free_slots++;
            continue;
        }
        if ((size_t)e->off + e->len > vbytes || (size_t)e->wstart + e->wcount > m->nweights || e->tmpl < 0 ||
            e->tmpl >= m->ntmpl)
            return 0;
    }
    for (size_t i = 0; i < m->nweights; i++) {
        if (m->wlab[i] >= m->L)
            return 0;
    }
    if (!free_slots)
        return 0;
    if (m->has_dict) {
        free_slots = 0;
        for (size_t i = 0; i <= m->dict.mask; i++) {
            const SetSlot *s = &m->dict.slots[i];
            if (!s->used)
                free_slots++;
            else if ((size_t)s->off + s->len > pool)
                return 0;
        }
        if (!free_slots)
            return 0;
    }
    return 1;
}

static char *rd_string(Reader *r, uint64_t len)
{
    if (len > r->n - r->at)
        return NULL;
    char *s = (char *)malloc((size_t)len + 1);
    if (s) {
        rd_take(r, s, (size_t)len);
        s[len] = 0;
    }
    return s;
}

static int compiled_labels(ModelObject *m, Reader *r, uint64_t L)
{
    m->L = (int)L;
    m->label_obj = (PyObject **)calloc(L ? L : 1, sizeof(PyObject *));
    m->label_s = (char **)calloc(L ? L : 1, sizeof(char *));
    m->label_len = (uint32_t *)calloc(L ? L : 1, sizeof(uint32_t));
    m->label_h = (uint64_t *)calloc(L ? L : 1, sizeof(uint64_t));
    if (!m->label_obj || !m->label_s || !m->label_len || !m->label_h)
        return -1;
    for (int i = 0; i < m->L; i++) {
        uint64_t len;
        if (rd_count(r, &len, 1u << 16) || !(m->label_s[i] = rd_string(r, len)))
            return -1;
        m->label_len[i] = (uint32_t)len;
        m->label_h[i] = hash_bytes(m->label_s[i], (size_t)len);
        m->label_obj[i] = PyUnicode_DecodeUTF8(m->label_s[i], (Py_ssize_t)len, "strict");
        if (!m->label_obj[i])
            return -1;
        PyUnicode_InternInPlace(&m->label_obj[i]);
    }
    return 0;
}

/* Tables from model_dumps(); the templates already parsed into m. ValueError when the bytes do not fit. */
static int model_load_compiled(ModelObject *m, const Bytes *b)
{
    Reader r = {b->p, b->n, 4};
    uint64_t version, thash, L, cap, vbytes, has_dict, sum, dcap, pool, nweights, nentries, count;
    if (b->n < 12)
        goto invalid;
    memcpy(&sum, b->p + b->n - 8, 8);
    if (sum != hash_bytes((const char *)b->p, b->n - 8))
        goto invalid;
    r.n = b->n - 8;
    if (rd_take(&r, &version, 8) || version != COMPILED_VERSION || rd_take(&r, &thash, 8))
        goto invalid;
    if (thash != templates_hash(m)) {
        PyErr_SetString(PyExc_ValueError, "compiled model: made with other templates or mode");
        return -1;
    }
    if (rd_count(&r, &L, 65535))
        goto invalid;
    if (compiled_labels(m, &r, L))
        goto fail;
    if (!(m->trans = (double *)rd_array(&r, L * L, sizeof(double))) || rd_count(&r, &nweights, UINT32_MAX) ||
        !(m->wlab = (uint16_t *)rd_array(&r, nweights, sizeof(uint16_t))) ||
        !(m->wval = (double *)rd_array(&r, nweights, sizeof(double))) || rd_take(&r, &cap, 8) ||
        !is_power_of_two(cap) || rd_count(&r, &nentries, cap) ||
        !(m->table = (AttrEntry *)rd_array(&r, cap, sizeof(AttrEntry))) || rd_count(&r, &vbytes, UINT32_MAX) ||
        !(m->vpool = (char *)rd_array(&r, vbytes, 1)) || rd_count(&r, &has_dict, 1))
        goto fail;
    m->nweights = (size_t)nweights;
    m->nentries = (size_t)nentries;
    m->mask = (size_t)cap - 1;
    m->has_dict = (int)has_dict;
    pool = 0;
    if (has_dict) {
        if (rd_take(&r, &dcap, 8) || !is_power_of_two(dcap) || rd_count(&r, &count, dcap) ||
            !(m->dict.slots = (SetSlot *)rd_array(&r, dcap, sizeof(SetSlot))) || rd_count(&r, &pool, UINT32_MAX) ||
            !(m->dict.pool = (char *)rd_array(&r, pool, 1)))
            goto fail;
        m->dict.mask = (size_t)dcap - 1;
        m->dict.count = (size_t)count;
    }
    if (r.at != r.n || !compiled_tables_valid(m, (size_t)vbytes, (size_t)pool))
        goto invalid;
    if ((m->flags_needed & (1u << F_INDICT)) && !m->has_dict) {
        PyErr_SetString(PyExc_ValueError, "compiled model: templates use is_in_dict but it holds no dictionary");
        return -1;
    }
    for (int i = 0; i < m->ntmpl; i++) {
        Tmpl *t = &m->tmpl[i];
        t->bos = attr_lookup(m, t->canon, "BOS", 3, hash_bytes("BOS", 3));
        t->eos = attr_lookup(m, t->canon, "EOS", 3, hash_bytes("EOS", 3));
        t->tru = attr_lookup(m, t->canon, "True", 4, hash_bytes("True", 4));
        t->fal = attr_lookup(m, t->canon, "False", 5, hash_bytes("False", 5));
    }
    return 0;
fail:
    if (PyErr_Occurred())
        return -1;
invalid:
    PyErr_SetString(PyExc_ValueError, "compiled model: damaged or of another version");
    return -1;
}

static int model_init(ModelObject *m, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"data", "templates", "mode", "dictionary", NULL};
    Py_buffer buf;
    PyObject *templates, *dictionary = Py_None;
    const char *mode;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "y*Os|O:Model", kwlist, &buf, &templates, &mode, &dictionary))
        return -1;
    if (m->tmpl) {
        PyErr_SetString(PyExc_TypeError, "a _crfcore.Model is loaded once; make a new one");
        PyBuffer_Release(&buf);
        return -1;
    }
    m->nkinds = 0;
    m->flags_needed = 0;
    m->needs_lower = 0;
    m->has_dict = 0;
    int ret = -1;
    if (strcmp(mode, "rust") == 0)
        m->mode = MODE_RUST;
    else if (strcmp(mode, "python") == 0)
        m->mode = MODE_PYTHON;
    else {
        PyErr_SetString(PyExc_ValueError, "mode must be 'rust' (underthesea_core.CRFFeaturizer) or 'python' (tagged_feature.py)");
        goto done;
    }
    if (parse_templates(m, templates))
        goto done;
    Bytes b = {(const unsigned char *)buf.buf, (size_t)buf.len};
    if (b.n >= 4 && memcmp(b.p, COMPILED_MAGIC, 4) == 0) {
        /* model_dumps() bytes: the dictionary is in them */
        if (model_load_compiled(m, &b))
            goto done;
        ret = 0;
        goto done;
    }
    if ((m->flags_needed & (1u << F_INDICT)) && dictionary == Py_None) {
        PyErr_SetString(PyExc_ValueError, "templates use is_in_dict: a dictionary is needed");
        goto done;
    }
    if (dictionary != Py_None) {
        if (strset_build(&m->dict, dictionary))
            goto done;
        m->has_dict = 1;
    }
    if (model_load(m, &b))
        goto done;
    ret = 0;
done:
    PyBuffer_Release(&buf);
    if (ret)
        model_clear_data(m);
    return ret;
}

static PyObject *model_get_labels(ModelObject *m, void *closure)
{
    PyObject *t = PyTuple_New(m->L);
    if (!t)
        return NULL;
    for (int i = 0; i < m->L; i++) {
        Py_INCREF(m->label_obj[i]);
        PyTuple_SET_ITEM(t, i, m->label_obj[i]);
    }
    return t;
}

static PyObject *model_get_info(ModelObject *m, void *closure)
{
    return Py_BuildValue("{s:i,s:n,s:n,s:i,s:s}", "labels", m->L, "attributes", (Py_ssize_t)m->nentries,
                         "state_weights", (Py_ssize_t)m->nweights, "templates", m->ntmpl, "mode",
                         m->mode == MODE_RUST ? "rust" : "python");
}

static PyMethodDef model_methods[] = {
    {"dumps", (PyCFunction)model_dumps, METH_NOARGS,
     "dumps() -> bytes: the loaded tables (and dictionary), which Model(data=...) reads back in place of the "
     "CRFsuite file, with the same templates and mode"},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef model_getset[] = {
    {"labels", (getter)model_get_labels, NULL, "label strings, by id", NULL},
    {"info", (getter)model_get_info, NULL, "sizes of the loaded model", NULL},
    {NULL}};

/* ------------------------------------------------------------------------------------------------ */
/* per-call work                                                                                    */

typedef struct {
    const char *s;
    uint32_t len;
    uint64_t h;
} SV;

typedef struct {
    int n;
    SV *raw;
    SV *low;  /* column 0 only */
    uint8_t *flag[6];  /* by F_* for column 0 */
} Col;

typedef struct {
    const Col *col;
    int width, func;
    SV *v;        /* string kinds */
    uint8_t *f;   /* flag kinds */
} KindVal;

typedef struct {
    Arena arena;
    int busy;
} Scratch;

static PyObject *g_str_lower = NULL; /* the unbound str.lower */

static Scratch g_scratch; /* reused by calls on this interpreter; a concurrent call makes its own */

static Scratch *scratch_acquire(void)
{
    if (!g_scratch.busy) {
        g_scratch.busy = 1;
        return &g_scratch;
    }
    Scratch *s = (Scratch *)calloc(1, sizeof(Scratch));
    if (!s) {
        PyErr_NoMemory();
        return NULL;
    }
    s->busy = 1;
    return s;
}

static void scratch_release(Scratch *s)
{
    if (s == &g_scratch) {
        arena_reset(&s->arena);
        s->busy = 0;
    }
    else {
        arena_free(&s->arena);
        free(s);
    }
}

/* Word column, phase 1 (GIL held): UTF-8, lowercase and flags of every word. */
static int build_word_column(Arena *a, PyObject **items, int n, int mode, int need_lower, unsigned flags, Col *col)
{
    col->n = n;
    col->raw = (SV *)arena_alloc(a, sizeof(SV) * (size_t)(n ? n : 1));
    col->low = need_lower ? (SV *)arena_alloc(a, sizeof(SV) * (size_t)(n ? n : 1)) : NULL;
    if (!col->raw || (need_lower && !col->low)) {
        PyErr_NoMemory();
        return -1;
    }
    for (int f = 0; f < 6; f++) {
        col->flag[f] = NULL;
        if (flags & (1u << f)) {
            col->flag[f] = (uint8_t *)arena_alloc(a, (size_t)(n ? n : 1));
            if (!col->flag[f]) {
                PyErr_NoMemory();
                return -1;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        PyObject *w = items[i];
        if (!PyUnicode_Check(w)) {
            PyErr_Format(PyExc_TypeError, "token %d is %.100s, not str", i, Py_TYPE(w)->tp_name);
            return -1;
        }
        Py_ssize_t len;
        const char *u;
        if (PyUnicode_IS_ASCII(w)) {
            u = (const char *)PyUnicode_DATA(w);
            len = PyUnicode_GET_LENGTH(w);
        }
        else {
            if (PyUnicode_GET_LENGTH(w) > 0x1fffffff) {
                PyErr_SetString(PyExc_ValueError, "token too long");
                return -1;
            }
            char *d = (char *)arena_alloc(a, 4 * (size_t)PyUnicode_GET_LENGTH(w));
            if (!d) {
                PyErr_NoMemory();
                return -1;
            }
            len = str_to_utf8(w, d);
            if (len < 0)
                return -1;
            u = d;
        }
        if (len > 0x7fffffff) {
            PyErr_SetString(PyExc_ValueError, "token too long");
            return -1;
        }
        col->raw[i].s = u;
        col->raw[i].len = (uint32_t)len;
        int kind = PyUnicode_KIND(w);
        const void *data = PyUnicode_DATA(w);
        Py_ssize_t nch = PyUnicode_GET_LENGTH(w);

        if (need_lower) {
            if (PyUnicode_IS_ASCII(w)) {
                int has_upper = 0;
                for (Py_ssize_t k = 0; k < len; k++) {
                    if (u[k] >= 'A' && u[k] <= 'Z') {
                        has_upper = 1;
                        break;
                    }
                }
                if (!has_upper) {
                    col->low[i].s = u;
                    col->low[i].len = (uint32_t)len;
                }
                else {
                    char *d = (char *)arena_alloc(a, (size_t)len);
                    if (!d) {
                        PyErr_NoMemory();
                        return -1;
                    }
                    for (Py_ssize_t k = 0; k < len; k++) {
                        char c = u[k];
                        d[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
                    }
                    col->low[i].s = d;
                    col->low[i].len = (uint32_t)len;
                }
            }
            else {
                /* str.lower(w): exactly str's method, also for a subclass of str */
                PyObject *lw = PyObject_CallOneArg(g_str_lower, w);
                if (!lw)
                    return -1;
                if (!PyUnicode_Check(lw)) {
                    Py_DECREF(lw);
                    PyErr_SetString(PyExc_TypeError, "str.lower did not return a str");
                    return -1;
                }
                Py_ssize_t ln = PyUnicode_GET_LENGTH(lw);
                char *d = (char *)arena_alloc(a, 4 * (size_t)ln + 16 * (mode == MODE_RUST ? (size_t)ln : 0));
                if (!d) {
                    Py_DECREF(lw);
                    PyErr_NoMemory();
                    return -1;
                }
                Py_ssize_t llen;
                if (mode == MODE_RUST && g_lower_ovr_n && PyUnicode_MAX_CHAR_VALUE(lw) >= g_lower_ovr_min) {
                    /* Rust's to_lowercase: Python's, plus the mappings Unicode 16 added */
                    int lk = PyUnicode_KIND(lw);
                    const void *ld = PyUnicode_DATA(lw);
                    size_t pos = 0;
                    for (Py_ssize_t k = 0; k < ln; k++) {
                        Py_UCS4 c = PyUnicode_READ(lk, ld, k);
                        const LowerOverride *o = c >= g_lower_ovr_min ? find_lower_ovr(c) : NULL;
                        if (o) {
                            memcpy(d + pos, o->utf8, (size_t)o->len);
                            pos += (size_t)o->len;
                        }
                        else
                            pos += (size_t)utf8_put(d + pos, c);
                    }
                    llen = (Py_ssize_t)pos;
                }
                else {
                    llen = str_to_utf8(lw, d);
                    if (llen < 0) {
                        Py_DECREF(lw);
                        return -1;
                    }
                }
                col->low[i].s = d;
                col->low[i].len = (uint32_t)llen;
                Py_DECREF(lw);
            }
        }

        if (col->flag[F_TITLE]) {
            /* the first character of every " "-separated part.
               Rust (featurizers.rs): parts in order, stop at the first that is not a title; an empty
               part reached before that panics (`chars().nth(0).unwrap()`).
               Python (text_istitle): `[s[0] for s in word.split(" ")]` first, so an empty part
               anywhere raises IndexError, which gives False. */
            int title = 1, empty_part = 0;
            Py_ssize_t start = 0;
            for (;;) {
                Py_ssize_t end = start;
                while (end < nch && PyUnicode_READ(kind, data, end) != ' ')
                    end++;
                if (end == start) {
                    empty_part = 1;
                    if (mode == MODE_RUST)
                        break;
                }
                else if (title) {
                    Py_UCS4 c = PyUnicode_READ(kind, data, start);
                    int t;
                    if (mode == MODE_RUST) {
                        t = rust_first_char_is_title(c);
                        if (t < 0)
                            return -1;
                    }
                    else
                        t = py_char_istitle(c);
                    if (!t) {
                        title = 0;
                        if (mode == MODE_RUST)
                            break;
                    }
                }
                if (end >= nch)
                    break;
                start = end + 1;
            }
            if (empty_part) {
                if (mode == MODE_RUST) {
                    PyErr_Format(PyExc_ValueError,
                                 "token %d (%R) is empty or has an empty space-separated part: "
                                 "underthesea_core's featurizer panics on it",
                                 i, w);
                    return -1;
                }
                title = 0;
            }
            col->flag[F_TITLE][i] = (uint8_t)title;
        }
        if (col->flag[F_DIGIT]) {
            int d;
            if (mode == MODE_RUST)
                d = rust_parses_i32(u, (size_t)len);
            else {
                d = nch > 0;
                for (Py_ssize_t k = 0; k < nch && d; k++)
                    if (!Py_UNICODE_ISDIGIT(PyUnicode_READ(kind, data, k)))
                        d = 0;
            }
            col->flag[F_DIGIT][i] = (uint8_t)d;
        }
        if (col->flag[F_ALLCAP]) {
            int c = 1;
            for (Py_ssize_t k = 0; k < nch && c; k++)
                if (!py_char_istitle(PyUnicode_READ(kind, data, k)))
                    c = 0;
            col->flag[F_ALLCAP][i] = (uint8_t)c;
        }
    }
    return 0;
}

/* phase 2 helpers: no Python API */

static void hash_column(Col *col)
{
    for (int i = 0; i < col->n; i++) {
        col->raw[i].h = hash_bytes(col->raw[i].s, col->raw[i].len);
        if (col->low)
            col->low[i].h = hash_bytes(col->low[i].s, col->low[i].len);
    }
}

/* values of a kind at every window start j in [0, n - width] */
static int compute_kind(Arena *a, const ModelObject *m, KindVal *kv)
{
    const Col *col = kv->col;
    int n = col->n, w = kv->width;
    int cnt = n - w + 1;
    kv->v = NULL;
    kv->f = NULL;
    if (cnt <= 0)
        return 0;
    int func = kv->func;
    if (func == F_NONE || func == F_LOWER) {
        const SV *src = func == F_LOWER ? col->low : col->raw;
        if (w == 1) {
            kv->v = (SV *)src;
            return 0;
        }
        kv->v = (SV *)arena_alloc(a, sizeof(SV) * (size_t)cnt);
        if (!kv->v)
            return -1;
        for (int j = 0; j < cnt; j++) {
            size_t total = (size_t)(w - 1);
            for (int k = 0; k < w; k++)
                total += src[j + k].len;
            if (total > 0xffffffffu)
                return -1;
            char *d = (char *)arena_alloc(a, total);
            if (!d)
                return -1;
            size_t pos = 0;
            for (int k = 0; k < w; k++) {
                if (k)
                    d[pos++] = ' ';
                memcpy(d + pos, src[j + k].s, src[j + k].len);
                pos += src[j + k].len;
            }
            kv->v[j].s = d;
            kv->v[j].len = (uint32_t)total;
            kv->v[j].h = hash_bytes(d, total);
        }
        return 0;
    }
    kv->f = (uint8_t *)arena_alloc(a, (size_t)cnt);
    if (!kv->f)
        return -1;
    if (func == F_TITLE) {
        for (int j = 0; j < cnt; j++) {
            int t = 1;
            for (int k = 0; k < w && t; k++)
                t = col->flag[F_TITLE][j + k];
            kv->f[j] = (uint8_t)t;
        }
    }
    else if (func == F_DIGIT || func == F_ALLCAP) {
        /* a window of two or more joins with a space, which is neither a digit nor a capital */
        for (int j = 0; j < cnt; j++)
            kv->f[j] = w == 1 ? col->flag[func][j] : 0;
    }
    else if (func == F_INDICT) {
        if (w == 1) {
            for (int j = 0; j < cnt; j++)
                kv->f[j] = (uint8_t)strset_contains(&m->dict, col->low[j].s, col->low[j].len, col->low[j].h);
        }
        else {
            size_t maxlen = 0;
            for (int j = 0; j < cnt; j++) {
                size_t total = (size_t)(w - 1);
                for (int k = 0; k < w; k++)
                    total += col->low[j + k].len;
                if (total > maxlen)
                    maxlen = total;
            }
            char *d = (char *)arena_alloc(a, maxlen);
            if (!d)
                return -1;
            for (int j = 0; j < cnt; j++) {
                size_t pos = 0;
                for (int k = 0; k < w; k++) {
                    if (k)
                        d[pos++] = ' ';
                    memcpy(d + pos, col->low[j + k].s, col->low[j + k].len);
                    pos += col->low[j + k].len;
                }
                kv->f[j] = (uint8_t)strset_contains(&m->dict, d, (uint32_t)pos, hash_bytes(d, pos));
            }
        }
    }
    return 0;
}

typedef struct {
    KindVal kv[MAX_KINDS];
    int n;
} KindCache;

static KindVal *get_kind(Arena *a, KindCache *kc, const ModelObject *m, const Col *col, int width, int func)
{
    for (int i = 0; i < kc->n; i++) {
        KindVal *k = &kc->kv[i];
        if (k->col == col && k->width == width && k->func == func)
            return k;
    }
    if (kc->n >= MAX_KINDS)
        return NULL;
    KindVal *k = &kc->kv[kc->n];
    k->col = col;
    k->width = width;
    k->func = func;
    if (compute_kind(a, m, k))
        return NULL;
    kc->n++;
    return k;
}

/* Featurize and tag: columns[c] for c <= m->maxcol; labels out. Returns 0, or -1 on out of memory. */
static int run_model(Arena *a, KindCache *kc, const ModelObject *m, Col **columns, int n, int *labels)
{
    int L = m->L;
    if (n == 0 || L == 0)
        return 0;
    KindVal *kinds[MAX_TEMPLATES];
    for (int k = 0; k < m->nkinds; k++) {
        kinds[k] = get_kind(a, kc, m, columns[m->kinds[k].col], m->kinds[k].width, m->kinds[k].func);
        if (!kinds[k])
            return -1;
    }
    double *score = (double *)arena_alloc(a, sizeof(double) * (size_t)n * L);
    int32_t *back = (int32_t *)arena_alloc(a, sizeof(int32_t) * (size_t)n * L);
    double *em = (double *)arena_alloc(a, sizeof(double) * (size_t)L);
    if (!score || !back || !em)
        return -1;
    const uint16_t *wlab = m->wlab;
    const double *wval = m->wval;
    const double *trans = m->trans;
    for (int i = 0; i < n; i++) {
        for (int y = 0; y < L; y++)
            em[y] = 0.0;
        for (int t = 0; t < m->ntmpl; t++) {
            const Tmpl *tp = &m->tmpl[t];
            const AttrEntry *e;
            int j = i + tp->off1;
            if (j < 0)
                e = tp->bos;
            else if (j >= n)
                e = tp->eos;
            else if (i + tp->off2 >= n)
                e = tp->eos;
            else {
                const KindVal *kv = kinds[tp->kind];
                if (kv->f)
                    e = kv->f[j] ? tp->tru : tp->fal;
                else {
                    const SV *v = &kv->v[j];
                    e = attr_lookup(m, tp->canon, v->s, v->len, v->h);
                }
            }
            if (e) {
                const uint16_t *lab = wlab + e->wstart;
                const double *wv = wval + e->wstart;
                for (uint32_t k = 0; k < e->wcount; k++)
                    em[lab[k]] += wv[k];
            }
        }
        double *sc = score + (size_t)i * L;
        if (i == 0) {
            for (int y = 0; y < L; y++)
                sc[y] = em[y];
        }
        else {
            const double *prev = sc - L;
            int32_t *bk = back + (size_t)i * L;
            for (int y = 0; y < L; y++) {
                double best = -INFINITY;
                int32_t bp = 0;
                for (int yp = 0; yp < L; yp++) {
                    double s = prev[yp] + trans[(size_t)yp * L + y];
                    if (s > best) {
                        best = s;
                        bp = yp;
                    }
                }
                sc[y] = best + em[y];
                bk[y] = bp;
            }
        }
    }
    const double *last = score + (size_t)(n - 1) * L;
    double best = -INFINITY;
    int bl = 0;
    for (int y = 0; y < L; y++) {
        if (last[y] > best) {
            best = last[y];
            bl = y;
        }
    }
    labels[n - 1] = bl;
    for (int i = n - 1; i >= 1; i--)
        labels[i - 1] = back[(size_t)i * L + labels[i]];
    return 0;
}

static int check_model(PyObject *o)
{
    if (!PyObject_TypeCheck(o, &ModelType)) {
        PyErr_SetString(PyExc_TypeError, "expected a _crfcore.Model");
        return -1;
    }
    if (((ModelObject *)o)->tmpl == NULL) {
        PyErr_SetString(PyExc_ValueError, "model is not loaded");
        return -1;
    }
    return 0;
}

/* shared body of segment() and segment_tags(): tokens -> label ids */
static PyObject *segment_impl(PyObject *args, int want_words)
{
    PyObject *mo, *tokens;
    if (!PyArg_ParseTuple(args, "OO", &mo, &tokens))
        return NULL;
    if (check_model(mo))
        return NULL;
    ModelObject *m = (ModelObject *)mo;
    if (m->mode != MODE_RUST) {
        PyErr_SetString(PyExc_ValueError, "segment needs a model loaded with mode='rust'");
        return NULL;
    }
    PyObject *tup = PySequence_Tuple(tokens);
    if (!tup)
        return NULL;
    Py_ssize_t nn = PyTuple_GET_SIZE(tup);
    if (nn > 0x3fffffff) {
        Py_DECREF(tup);
        PyErr_SetString(PyExc_ValueError, "too many tokens");
        return NULL;
    }
    int n = (int)nn;
    PyObject *result = NULL;
    Scratch *sc = scratch_acquire();
    if (!sc) {
        Py_DECREF(tup);
        return NULL;
    }
    Arena *a = &sc->arena;
    Col col;
    KindCache *kc = NULL;
    int *labels = NULL;
    if (build_word_column(a, &PyTuple_GET_ITEM(tup, 0), n, MODE_RUST, m->needs_lower, m->flags_needed, &col))
        goto done;
    kc = (KindCache *)arena_alloc(a, sizeof(KindCache));
    labels = (int *)arena_alloc(a, sizeof(int) * (size_t)(n ? n : 1));
    if (!kc || !labels) {
        PyErr_NoMemory();
        goto done;
    }
    kc->n = 0;
    int rc;
    Col *cols[1] = {&col};
    Py_BEGIN_ALLOW_THREADS
    hash_column(&col);
    rc = run_model(a, kc, m, cols, n, labels);
    Py_END_ALLOW_THREADS
    if (rc) {
        PyErr_NoMemory();
        goto done;
    }
    if (m->L == 0) {
        result = PyList_New(0); /* underthesea_core tags nothing without labels */
        goto done;
    }
    if (!want_words) {
        result = PyList_New(n);
        if (!result)
            goto done;
        for (int i = 0; i < n; i++) {
            PyObject *l = m->label_obj[labels[i]];
            Py_INCREF(l);
            PyList_SET_ITEM(result, i, l);
        }
        goto done;
    }
    /* word_tokenize: a token tagged "I-W" (after the first) joins the previous word with a space */
    {
        int iw = -1;
        for (int y = 0; y < m->L; y++)
            if (m->label_len[y] == 3 && memcmp(m->label_s[y], "I-W", 3) == 0)
                iw = y;
        result = PyList_New(0);
        if (!result)
            goto done;
        PyObject *space = NULL;
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && labels[j] == iw)
                j++;
            PyObject *word;
            if (j == i + 1) {
                word = PyTuple_GET_ITEM(tup, i);
                Py_INCREF(word);
            }
            else {
                if (!space && !(space = PyUnicode_FromString(" "))) {
                    Py_CLEAR(result);
                    goto done;
                }
                PyObject *part = PyTuple_GetSlice(tup, i, j);
                if (!part) {
                    Py_DECREF(space);
                    Py_CLEAR(result);
                    goto done;
                }
                word = PyUnicode_Join(space, part);
                Py_DECREF(part);
                if (!word) {
                    Py_DECREF(space);
                    Py_CLEAR(result);
                    goto done;
                }
            }
            int err = PyList_Append(result, word);
            Py_DECREF(word);
            if (err) {
                Py_XDECREF(space);
                Py_CLEAR(result);
                goto done;
            }
            i = j;
        }
        Py_XDECREF(space);
    }
done:
    scratch_release(sc);
    Py_DECREF(tup);
    return result;
}

static PyObject *py_segment(PyObject *self, PyObject *args) { return segment_impl(args, 1); }
static PyObject *py_segment_tags(PyObject *self, PyObject *args) { return segment_impl(args, 0); }

/* tag_chain((pos, chunk, ner), words): model k reads (words, labels of models 0..k-1, "X") */
static PyObject *py_tag_chain(PyObject *self, PyObject *args)
{
    PyObject *models_o, *words;
    if (!PyArg_ParseTuple(args, "OO", &models_o, &words))
        return NULL;
    PyObject *models = PySequence_Tuple(models_o);
    if (!models)
        return NULL;
    Py_ssize_t K = PyTuple_GET_SIZE(models);
    if (K < 1 || K > MAX_CHAIN) {
        Py_DECREF(models);
        PyErr_Format(PyExc_ValueError, "tag_chain needs 1 to %d models", MAX_CHAIN);
        return NULL;
    }
    ModelObject *ms[MAX_CHAIN];
    int need_lower = 0;
    unsigned flags = 0;
    for (Py_ssize_t k = 0; k < K; k++) {
        PyObject *mo = PyTuple_GET_ITEM(models, k);
        if (check_model(mo)) {
            Py_DECREF(models);
            return NULL;
        }
        ms[k] = (ModelObject *)mo;
        if (ms[k]->mode != MODE_PYTHON) {
            Py_DECREF(models);
            PyErr_SetString(PyExc_ValueError, "tag_chain needs models loaded with mode='python'");
            return NULL;
        }
        if (ms[k]->maxcol > k + 1) {
            Py_DECREF(models);
            PyErr_Format(PyExc_ValueError, "model %zd reads column %d but has only %zd", k, ms[k]->maxcol, k + 2);
            return NULL;
        }
        need_lower |= ms[k]->needs_lower;
        flags |= ms[k]->flags_needed;
    }
    PyObject *tup = PySequence_Tuple(words);
    if (!tup) {
        Py_DECREF(models);
        return NULL;
    }
    Py_ssize_t nn = PyTuple_GET_SIZE(tup);
    if (nn > 0x3fffffff) {
        Py_DECREF(tup);
        Py_DECREF(models);
        PyErr_SetString(PyExc_ValueError, "too many words");
        return NULL;
    }
    int n = (int)nn;
    PyObject *result = NULL;
    Scratch *sc = scratch_acquire();
    if (!sc) {
        Py_DECREF(tup);
        Py_DECREF(models);
        return NULL;
    }
    Arena *a = &sc->arena;
    Col wordcol, xcol, labcol[MAX_CHAIN];
    int *labels[MAX_CHAIN];
    KindCache *kc = NULL;
    SV *xv = NULL;
    int rc = 0;
    if (build_word_column(a, &PyTuple_GET_ITEM(tup, 0), n, MODE_PYTHON, need_lower, flags, &wordcol))
        goto done;
    kc = (KindCache *)arena_alloc(a, sizeof(KindCache));
    xv = (SV *)arena_alloc(a, sizeof(SV) * (size_t)(n ? n : 1));
    if (!kc || !xv) {
        PyErr_NoMemory();
        goto done;
    }
    kc->n = 0;
    for (Py_ssize_t k = 0; k < K; k++) {
        labels[k] = (int *)arena_alloc(a, sizeof(int) * (size_t)(n ? n : 1));
        labcol[k].raw = (SV *)arena_alloc(a, sizeof(SV) * (size_t)(n ? n : 1));
        if (!labels[k] || !labcol[k].raw) {
            PyErr_NoMemory();
            goto done;
        }
        labcol[k].n = n;
        labcol[k].low = NULL;
        memset(labcol[k].flag, 0, sizeof(labcol[k].flag));
    }
    Py_BEGIN_ALLOW_THREADS
    hash_column(&wordcol);
    uint64_t xh = hash_bytes("X", 1);
    for (int i = 0; i < n; i++) {
        xv[i].s = "X";
        xv[i].len = 1;
        xv[i].h = xh;
    }
    xcol.n = n;
    xcol.raw = xv;
    xcol.low = NULL;
    memset(xcol.flag, 0, sizeof(xcol.flag));
    for (Py_ssize_t k = 0; k < K && !rc; k++) {
        Col *cols[MAX_CHAIN + 2];
        cols[0] = &wordcol;
        for (Py_ssize_t c = 0; c < k; c++)
            cols[c + 1] = &labcol[c];
        cols[k + 1] = &xcol;
        rc = run_model(a, kc, ms[k], cols, n, labels[k]);
        if (!rc && ms[k]->L > 0) {
            for (int i = 0; i < n; i++) {
                int y = labels[k][i];
                labcol[k].raw[i].s = ms[k]->label_s[y];
                labcol[k].raw[i].len = ms[k]->label_len[y];
                labcol[k].raw[i].h = ms[k]->label_h[y];
            }
        }
    }
    Py_END_ALLOW_THREADS
    if (rc) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < K; k++) {
        if (ms[k]->L == 0 && n > 0) {
            PyErr_Format(PyExc_ValueError, "model %zd has no labels", k);
            goto done;
        }
    }
    result = PyList_New(n);
    if (!result)
        goto done;
    for (int i = 0; i < n; i++) {
        PyObject *row = PyTuple_New(K + 1);
        if (!row) {
            Py_CLEAR(result);
            goto done;
        }
        PyObject *w = PyTuple_GET_ITEM(tup, i);
        Py_INCREF(w);
        PyTuple_SET_ITEM(row, 0, w);
        for (Py_ssize_t k = 0; k < K; k++) {
            PyObject *l = ms[k]->label_obj[labels[k][i]];
            Py_INCREF(l);
            PyTuple_SET_ITEM(row, k + 1, l);
        }
        PyList_SET_ITEM(result, i, row);
    }
done:
    scratch_release(sc);
    Py_DECREF(tup);
    Py_DECREF(models);
    return result;
}

/* set_case_overrides(lower: dict[str, str], title: dict[str, bool]) */
static PyObject *py_set_case_overrides(PyObject *self, PyObject *args)
{
    PyObject *lower, *title;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &lower, &PyDict_Type, &title))
        return NULL;
    Py_ssize_t nl = PyDict_Size(lower), nt = PyDict_Size(title);
    LowerOverride *lo = (LowerOverride *)calloc(nl ? (size_t)nl : 1, sizeof(LowerOverride));
    TitleOverride *to = (TitleOverride *)calloc(nt ? (size_t)nt : 1, sizeof(TitleOverride));
    if (!lo || !to) {
        free(lo);
        free(to);
        return PyErr_NoMemory();
    }
    Py_ssize_t pos = 0, i = 0;
    PyObject *k, *v;
    Py_UCS4 minc = 0x110000;
    while (PyDict_Next(lower, &pos, &k, &v)) {
        Py_ssize_t vl;
        const char *vs;
        if (!PyUnicode_Check(k) || PyUnicode_GET_LENGTH(k) != 1 || !PyUnicode_Check(v) ||
            !(vs = PyUnicode_AsUTF8AndSize(v, &vl)) || vl > 15) {
            free(lo);
            free(to);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "lower overrides: one character -> short str");
            return NULL;
        }
        lo[i].cp = PyUnicode_READ_CHAR(k, 0);
        memcpy(lo[i].utf8, vs, (size_t)vl);
        lo[i].len = (int)vl;
        if (lo[i].cp < minc)
            minc = lo[i].cp;
        i++;
    }
    /* sort */
    for (Py_ssize_t x = 1; x < nl; x++)
        for (Py_ssize_t y = x; y > 0 && lo[y - 1].cp > lo[y].cp; y--) {
            LowerOverride tmp = lo[y];
            lo[y] = lo[y - 1];
            lo[y - 1] = tmp;
        }
    pos = 0;
    i = 0;
    while (PyDict_Next(title, &pos, &k, &v)) {
        if (!PyUnicode_Check(k) || PyUnicode_GET_LENGTH(k) != 1) {
            free(lo);
            free(to);
            PyErr_SetString(PyExc_ValueError, "title overrides: one character -> bool");
            return NULL;
        }
        int b = PyObject_IsTrue(v);
        if (b < 0) {
            free(lo);
            free(to);
            return NULL;
        }
        to[i].cp = PyUnicode_READ_CHAR(k, 0);
        to[i].value = b;
        i++;
    }
    for (Py_ssize_t x = 1; x < nt; x++)
        for (Py_ssize_t y = x; y > 0 && to[y - 1].cp > to[y].cp; y--) {
            TitleOverride tmp = to[y];
            to[y] = to[y - 1];
            to[y - 1] = tmp;
        }
    free(g_lower_ovr);
    free(g_title_ovr);
    g_lower_ovr = lo;
    g_lower_ovr_n = (int)nl;
    g_lower_ovr_min = minc;
    g_title_ovr = to;
    g_title_ovr_n = (int)nt;
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"segment", py_segment, METH_VARARGS,
     "segment(model, tokens) -> list[str]: words of word_tokenize from the regex tokens of a sentence"},
    {"segment_tags", py_segment_tags, METH_VARARGS, "segment_tags(model, tokens) -> list[str]: B-W/I-W tags"},
    {"tag_chain", py_tag_chain, METH_VARARGS,
     "tag_chain(models, words) -> list[tuple]: (word, label of model 0, ...); model k reads the words, "
     "the labels of models 0..k-1 and an 'X' column"},
    {"set_case_overrides", py_set_case_overrides, METH_VARARGS,
     "set_case_overrides(lower, title): Rust (Unicode 16) case data where Python's differs"},
    {NULL, NULL, 0, NULL}};

static PyTypeObject ModelType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "_crfcore.Model",
    .tp_basicsize = sizeof(ModelObject),
    .tp_dealloc = (destructor)model_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Model(data: bytes, templates, mode, dictionary=None): a CRFsuite model bound to a featurizer.\n"
              "data: a CRFsuite file's bytes, or what Model.dumps() gave (then it holds the dictionary);\n"
              "templates: tuples (text, column, index1, index2 or None, function or None);\n"
              "mode: 'rust' (underthesea_core.CRFFeaturizer) or 'python' (underthesea tagged_feature.py).",
    .tp_getset = model_getset,
    .tp_methods = model_methods,
    .tp_init = (initproc)model_init,
    .tp_new = PyType_GenericNew,
};

static void module_free(void *mod)
{
    arena_free(&g_scratch.arena);
    for (size_t i = 0; i < sizeof(g_title_pages) / sizeof(g_title_pages[0]); i++) {
        free(g_title_pages[i]);
        g_title_pages[i] = NULL;
    }
    free(g_lower_ovr);
    g_lower_ovr = NULL;
    g_lower_ovr_n = 0;
    free(g_title_ovr);
    g_title_ovr = NULL;
    g_title_ovr_n = 0;
}

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_crfcore", "Native featurize + Viterbi for underthesea's CRFsuite models.", -1,
    module_methods, NULL, NULL, NULL, module_free};

PyMODINIT_FUNC PyInit__crfcore(void)
{
    if (PyType_Ready(&ModelType) < 0)
        return NULL;
    if (!g_str_lower && !(g_str_lower = PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "lower")))
        return NULL;
    PyObject *mod = PyModule_Create(&module_def);
    if (!mod)
        return NULL;
    Py_INCREF(&ModelType);
    if (PyModule_AddObject(mod, "Model", (PyObject *)&ModelType) < 0) {
        Py_DECREF(&ModelType);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
