using Gem.Core.Evaluation;

namespace Gem.Core.Tests.Evaluation;

public class AnswerExtractorTests
{
    [Theory]
    [InlineData(" Tom has 3 * 4 = 12 apples. So he has 12 - 5 = 7 apples. The answer is 7.", "7")]
    [InlineData("The answer is 42", "42")]
    [InlineData("the answer is  1,200.", "1200")]
    [InlineData("Natalia sold 48 + 24 = 72 clips.\n#### 72", "72")]
    [InlineData("#### $1,234.50", "1234.5")]
    [InlineData("#### -3", "-3")]
    [InlineData("The answer is +5.", "5")]
    [InlineData("The answer is 007.", "7")]
    [InlineData("The answer is 12.0", "12")]
    [InlineData("The answer is -0", "0")]
    [InlineData("The answer is 3. Wait, no. The answer is 4.", "4")]
    [InlineData("#### 9 and then The answer is 10.", "10")]
    [InlineData("The answer is 10. #### 9", "9")]
    public void The_number_after_the_last_marker_is_extracted_and_normalised(string completion, string expected)
    {
        Assert.Equal(expected, AnswerExtractor.Extract(completion));
    }

    [Theory]
    [InlineData("Tom has 12 apples.")]
    [InlineData("The answer is unknown.")]
    [InlineData("The answer is")]
    [InlineData("")]
    [InlineData("####")]
    public void No_marker_or_no_number_gives_null(string completion)
    {
        Assert.Null(AnswerExtractor.Extract(completion));
    }

    [Theory]
    [InlineData("The answer is 7.", "7", true)]
    [InlineData("The answer is 7.", "7.00", true)]
    [InlineData("#### 1,000", "1000", true)]
    [InlineData("The answer is 8.", "7", false)]
    [InlineData("The answer is 70.", "7", false)]
    [InlineData("no answer", "7", false)]
    public void Exact_match_compares_normalised_answers(string completion, string gold, bool expected)
    {
        Assert.Equal(expected, AnswerExtractor.IsCorrect(completion, gold));
    }

    [Fact]
    public void A_gold_answer_that_is_no_number_is_refused()
    {
        Assert.Equal("goldAnswer", Assert.Throws<ArgumentException>(() => AnswerExtractor.IsCorrect("The answer is 1.", "one")).ParamName);
    }
}
