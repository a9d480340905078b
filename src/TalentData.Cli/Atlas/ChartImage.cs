using SkiaSharp;
using Svg.Skia;

namespace TalentData.Cli.Atlas;

/// <summary>
/// A chart's SVG drawn to PNG on the server (Svg.Skia over Skia), so a reader can put the picture into a document
/// or a slide without a browser. Drawn at twice the SVG's size: sharp on a high-density screen and in print.
/// </summary>
public static class ChartImage
{
    public const float Scale = 2;

    public static byte[] Png(string standaloneSvg)
    {
        using var svg = SKSvg.CreateFromSvg(standaloneSvg);
        var picture = svg.Picture ?? throw new InvalidOperationException("Svg.Skia drew nothing from the chart's SVG; expected a picture.");
        var bounds = picture.CullRect;
        if (bounds.Width <= 0 || bounds.Height <= 0)
            throw new InvalidOperationException($"the chart's SVG has no size (found {bounds.Width}×{bounds.Height}); expected the width and height of Svg.Standalone.");
        var info = new SKImageInfo((int)Math.Ceiling(bounds.Width * Scale), (int)Math.Ceiling(bounds.Height * Scale), SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(Scale);
        canvas.DrawPicture(picture);
        using var pixels = surface.PeekPixels();
        // Drawn on white, the picture is opaque and is written as RGB without an alpha channel. The Sub filter on every
        // row replaces libpng's per-row search over all five filters, and zlib level 3 its default 6: on the sample
        // site's charts this encoded several times as fast as Skia's default RGBA encoding, for a few per cent more
        // bytes (the `publish --site` of every chart was where the suite spent most of its Skia time).
        using var png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 3))
            ?? throw new InvalidOperationException("Skia could not encode the chart's picture as PNG.");
        return png.ToArray();
    }
}
