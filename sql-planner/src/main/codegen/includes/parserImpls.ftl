<#--
  Sluice statements, included into Calcite's Parser.jj (see config.fmpp):
    CREATE STREAM / TABLE / [MATERIALIZED] VIEW, DROP STREAM / TABLE / [MATERIALIZED] VIEW,
    SHOW STREAMS | TABLES | VIEWS | QUERIES | JOBS | OPERATORS, STOP QUERY | JOB id,
    SET 'key' = 'value'.
  Productions are prefixed with "Sluice" so that they never collide with Calcite's own.
  JavaCC 4.0 reads the actions: no diamond operator, no lambdas.
-->

/** Parses an optional IF NOT EXISTS; IF alone still starts an identifier. */
boolean SluiceIfNotExists() :
{
}
{
    LOOKAHEAD(3) <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

/** Parses an optional IF EXISTS; IF alone still starts an identifier. */
boolean SluiceIfExists() :
{
}
{
    LOOKAHEAD(2) <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** Fails on CREATE OR REPLACE, which no Sluice object supports. */
void SluiceNoReplace(Span s, boolean replace) :
{
}
{
    {
        if (replace) {
            throw SqlUtil.newContextException(s.end(this),
                SluiceParserResource.RESOURCE.createOrReplaceNotSupported());
        }
    }
}

/** Parses a character string literal (continued, prefixed or Unicode-escaped) as one literal. */
SqlCharStringLiteral SluiceString() :
{
    final SqlNode e;
}
{
    e = StringLiteral() {
        final SqlLiteral literal = SqlLiteral.unchain(e);
        if (!(literal instanceof SqlCharStringLiteral)) {
            throw SqlUtil.newContextException(e.getParserPosition(),
                SluiceParserResource.RESOURCE.characterStringExpected());
        }
        return SqlLiteral.createCharString(literal.getValueAs(String.class),
            e.getParserPosition());
    }
}

/** Parses an optional WITH ('key' = 'value', ...); returns an empty list if absent. */
SqlNodeList SluiceWithOptions() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <WITH> { s = span(); } <LPAREN>
    SluiceOption(list)
    ( <COMMA> SluiceOption(list) )*
    <RPAREN> {
        return new SqlNodeList(list, s.end(this));
    }
|
    { return new SqlNodeList(getPos()); }
}

/** Parses 'key' = 'value' and adds it to the list; a key may appear once. */
void SluiceOption(List<SqlNode> list) :
{
    final SqlCharStringLiteral key;
    final SqlCharStringLiteral value;
}
{
    key = SluiceString() <EQ> value = SluiceString() {
        final SqlOption option =
            new SqlOption(Span.of(key).end(value), key, value);
        for (SqlNode o : list) {
            if (((SqlOption) o).key().equals(option.key())) {
                throw SqlUtil.newContextException(key.getParserPosition(),
                    SluiceParserResource.RESOURCE.duplicateOption(option.key()));
            }
        }
        list.add(option);
    }
}

/** Parses name type [NULL | NOT NULL]. */
SqlColumnDef SluiceColumn() :
{
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
    final boolean nullable;
}
{
    name = SimpleIdentifier()
    type = DataType()
    nullable = NullableOptDefaultTrue() {
        return new SqlColumnDef(Span.of(name).end(this), name, type, nullable);
    }
}

/** Parses WATERMARK FOR column AS expression. */
SqlWatermark SluiceWatermark() :
{
    final Span s;
    final SqlIdentifier column;
    final SqlNode expression;
}
{
    <WATERMARK> { s = span(); } <FOR> column = SimpleIdentifier()
    <AS> expression = Expression(ExprContext.ACCEPT_NON_QUERY) {
        return new SqlWatermark(s.end(expression), column, expression);
    }
}

/**
 * Parses one element of a CREATE STREAM list: a column (added to the list) or the
 * watermark (returned; a second one is an error).
 */
SqlWatermark SluiceStreamElement(List<SqlNode> columns, SqlWatermark watermark) :
{
    final SqlWatermark w;
    final SqlColumnDef column;
}
{
    LOOKAHEAD(2)
    w = SluiceWatermark() {
        if (watermark != null) {
            throw SqlUtil.newContextException(w.getParserPosition(),
                SluiceParserResource.RESOURCE.duplicateWatermark());
        }
        return w;
    }
|
    column = SluiceColumn() {
        columns.add(column);
        return watermark;
    }
}

/**
 * CREATE STREAM [IF NOT EXISTS] name (column, ... [, WATERMARK FOR column AS expression])
 * [WITH (options)].
 */
SqlCreate SluiceCreateStream(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    SqlWatermark watermark = null;
    final Span elements;
    final SqlNodeList columnList;
    final SqlNodeList optionList;
}
{
    <STREAM> SluiceNoReplace(s, replace)
    ifNotExists = SluiceIfNotExists()
    name = CompoundIdentifier()
    <LPAREN> { elements = span(); }
    watermark = SluiceStreamElement(columns, watermark)
    ( <COMMA> watermark = SluiceStreamElement(columns, watermark) )*
    <RPAREN> {
        columnList = new SqlNodeList(columns, elements.end(this));
        if (columns.isEmpty()) {
            throw SqlUtil.newContextException(columnList.getParserPosition(),
                SluiceParserResource.RESOURCE.streamWithoutColumns());
        }
    }
    optionList = SluiceWithOptions() {
        return new SqlCreateStream(s.end(this), ifNotExists, name, columnList,
            watermark, optionList);
    }
}

/**
 * Parses one element of a CREATE TABLE list: a column, optionally followed by PRIMARY KEY,
 * or PRIMARY KEY (column, ...). A table has at most one primary key clause.
 */
void SluiceTableElement(List<SqlNode> columns, List<SqlNodeList> keys) :
{
    final SqlColumnDef column;
    final SqlNodeList keyColumns;
    final Span s;
}
{
    column = SluiceColumn() { columns.add(column); }
    [
        <PRIMARY> { s = span(); } <KEY> {
            final SqlNodeList key = new SqlNodeList(s.end(this));
            key.add(column.name());
            SluicePrimaryKey(keys, key);
        }
    ]
|
    <PRIMARY> { s = span(); } <KEY> keyColumns = ParenthesizedSimpleIdentifierList() {
        SluicePrimaryKey(keys, new SqlNodeList(keyColumns.getList(), s.end(this)));
    }
}

/** Records a primary key clause; a second one is an error at its position. */
JAVACODE void SluicePrimaryKey(List<SqlNodeList> keys, SqlNodeList key)
{
    if (!keys.isEmpty()) {
        throw SqlUtil.newContextException(key.getParserPosition(),
            SluiceParserResource.RESOURCE.duplicatePrimaryKey());
    }
    keys.add(key);
}

/**
 * CREATE TABLE [IF NOT EXISTS] name (column [PRIMARY KEY], ... [, PRIMARY KEY (column, ...)])
 * [WITH (options)].
 */
SqlCreate SluiceCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNodeList> keys = new ArrayList<SqlNodeList>();
    final Span elements;
    final SqlNodeList columnList;
    final SqlNodeList optionList;
}
{
    <TABLE> SluiceNoReplace(s, replace)
    ifNotExists = SluiceIfNotExists()
    name = CompoundIdentifier()
    <LPAREN> { elements = span(); }
    SluiceTableElement(columns, keys)
    ( <COMMA> SluiceTableElement(columns, keys) )*
    <RPAREN> {
        columnList = new SqlNodeList(columns, elements.end(this));
        if (columns.isEmpty()) {
            throw SqlUtil.newContextException(columnList.getParserPosition(),
                SluiceParserResource.RESOURCE.tableWithoutColumns());
        }
    }
    optionList = SluiceWithOptions() {
        return new SqlCreateTable(s.end(this), ifNotExists, name, columnList,
            keys.isEmpty() ? new SqlNodeList(columnList.getParserPosition()) : keys.get(0),
            optionList);
    }
}

/** CREATE [MATERIALIZED] VIEW [IF NOT EXISTS] name [(column, ...)] [WITH (options)] AS query. */
SqlCreate SluiceCreateView(Span s, boolean replace) :
{
    boolean materialized = false;
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList columnList = null;
    final SqlNodeList optionList;
    final SqlNode query;
}
{
    [ <MATERIALIZED> { materialized = true; } ] <VIEW> SluiceNoReplace(s, replace)
    ifNotExists = SluiceIfNotExists()
    name = CompoundIdentifier()
    [ columnList = ParenthesizedSimpleIdentifierList() ]
    optionList = SluiceWithOptions()
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
        return new SqlCreateView(s.end(this), materialized, ifNotExists, name,
            columnList, optionList, query);
    }
}

/** DROP STREAM | TABLE | VIEW | MATERIALIZED VIEW [IF EXISTS] name. */
SqlDrop SluiceDrop(Span s, boolean replace) :
{
    final SqlObjectKind kind;
    final boolean ifExists;
    final SqlIdentifier name;
    boolean cascade = false;
}
{
    (
        <STREAM> { kind = SqlObjectKind.STREAM; }
    |
        <TABLE> { kind = SqlObjectKind.TABLE; }
    |
        <VIEW> { kind = SqlObjectKind.VIEW; }
    |
        <MATERIALIZED> <VIEW> { kind = SqlObjectKind.MATERIALIZED_VIEW; }
    )
    ifExists = SluiceIfExists()
    name = CompoundIdentifier()
    [ <CASCADE> { cascade = true; } ] {
        return new SqlDropObject(s.end(this), kind, ifExists, name, cascade);
    }
}

/** SHOW STREAMS | TABLES | VIEWS | QUERIES | OPERATORS; SHOW another word is an error. */
SqlNode SluiceShow() :
{
    final Span s;
    final ShowKind what;
    final SqlIdentifier other;
}
{
    <SHOW> { s = span(); }
    (
        LOOKAHEAD(1) <STREAMS> { what = ShowKind.STREAMS; }
    |
        LOOKAHEAD(1) <TABLES> { what = ShowKind.TABLES; }
    |
        LOOKAHEAD(1) <VIEWS> { what = ShowKind.VIEWS; }
    |
        LOOKAHEAD(1) <QUERIES> { what = ShowKind.QUERIES; }
    |
        LOOKAHEAD(1) <JOBS> { what = ShowKind.JOBS; }
    |
        // Any other word: say what SHOW supports rather than fail as an expression.
        other = SimpleIdentifier() {
            // OPERATORS is no keyword, so that it stays usable as a name.
            if (!other.getSimple().equalsIgnoreCase("OPERATORS")) {
                throw SqlUtil.newContextException(other.getParserPosition(),
                    SluiceParserResource.RESOURCE.showNotSupported(other.toString()));
            }
            what = ShowKind.OPERATORS;
        }
    )
    {
        return new SqlShow(s.end(this), what);
    }
}

/** STOP QUERY id | STOP JOB id. */
SqlNode SluiceStopQuery() :
{
    final Span s;
    final SqlIdentifier id;
}
{
    <STOP> { s = span(); }
    (
        <QUERY> id = SimpleIdentifier() { return new SqlStopQuery(s.end(this), id, false); }
    |
        <JOB> id = SimpleIdentifier() { return new SqlStopQuery(s.end(this), id, true); }
    )
}

/** SET 'key' = 'value'; SET identifier = value stays Calcite's SqlSetOption. */
SqlNode SluiceSetProperty() :
{
    final Span s;
    final SqlCharStringLiteral key;
    final SqlCharStringLiteral value;
}
{
    <SET> { s = span(); } key = SluiceString() <EQ> value = SluiceString() {
        return new SqlSetProperty(s.end(this), key, value);
    }
}
